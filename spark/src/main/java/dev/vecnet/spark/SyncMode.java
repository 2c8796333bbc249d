package dev.vecnet.spark;

/**
 * How the partitions of a data-parallel fit keep one model (docs/spark.md compares their costs).
 */
public enum SyncMode {
    /**
     * Every step, each partition computes the gradient of its slice of the global batch; the slices' gradients
     * are combined, weighted by their example counts, in partition order, and the optimizer steps once. In barrier
     * jobs (where the cluster allows them) every task combines all gradients itself and steps its own copy of the
     * optimizer, many steps per Spark job (up to the next epoch's end or checkpoint); otherwise the driver combines
     * and steps, one Spark job per step. Both give the same bits. With one partition the steps are those of the local
     * {@link dev.vecnet.train.Trainer}, bit for bit.
     */
    EXACT,
    /**
     * Each partition runs {@code k} optimizer steps of its own from the same weights, then parameters, optimizer
     * moments and BatchNorm running statistics are averaged over the partitions (in barrier jobs on partition 0's
     * executor, else on the driver; the same bits). One Spark job per {@code k} steps.
     */
    LOCAL_SGD
}
