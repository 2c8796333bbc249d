package dev.vecnet.spark;

/**
 * How the partitions of a data-parallel fit keep one model (docs/spark.md compares their costs).
 */
public enum SyncMode {
    /**
     * Every step, each partition computes the gradient of its slice of the global batch; the slices' gradients
     * are combined, weighted by their example counts, the optimizer steps once on the driver and the new weights
     * are broadcast. One Spark job per step. With one partition the steps are those of the local
     * {@link dev.vecnet.train.Trainer}, bit for bit.
     */
    EXACT,
    /**
     * Each partition runs {@code k} optimizer steps of its own from the same weights, then parameters, optimizer
     * moments and BatchNorm running statistics are averaged over the partitions. One Spark job per {@code k}
     * steps.
     */
    LOCAL_SGD
}
