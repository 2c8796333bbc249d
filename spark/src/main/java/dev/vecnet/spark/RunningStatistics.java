package dev.vecnet.spark;

import dev.vecnet.nn.LayerSpec;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;

import java.util.List;

/**
 * Exact mode with several partitions: the BatchNorm running statistics of the whole global batch from the
 * partitions' slices. Each slice's forward updated its copy as {@code r_p = (1 - m) r + m s_p} from the broadcast
 * {@code r}, with {@code s_p} its batch mean, or its unbiased batch variance; the slice's statistics are recovered
 * from that, {@code s_p = (r_p - (1 - m) r) / m}, and pooled as PyTorch computes them over one batch of
 * {@code C = sum_p c_p} examples:
 * <pre>
 *   mean = sum_p c_p mean_p / C
 *   var  = (sum_p (c_p - 1) var_p + c_p (mean_p - mean)^2) / (C - 1)      (unbiased, as the running variance is)
 * </pre>
 * then {@code running = (1 - m) r + m * pooled}. Computed in double; the result differs from a local step on the
 * whole batch by the float rounding of the slices' statistics and of the recovery (a few float ulps of the
 * statistics), not by the difference between averaging variances and pooling them. A slice of one example has no
 * unbiased variance (PyTorch's is infinite), so each partition's slice needs at least two examples.
 *
 * <p>The forward passes themselves normalise each slice with its own batch statistics, as PyTorch's
 * {@code DistributedDataParallel} without {@code SyncBatchNorm}: the gradients are those of the slices.
 */
final class RunningStatistics {
    private RunningStatistics() {
    }

    /**
     * Writes the pooled running statistics into {@code net}'s parameters.
     *
     * @param before  the parameters the round started from (the broadcast running statistics among them)
     * @param results the partitions' results, running statistics in the slots of the non-trainable tensors
     */
    static void pool(Network net, float[] before, List<PartitionResult> results) {
        float[] values = net.parameters().values();
        List<LayerSpec> layers = net.spec().layers();
        for (ParameterTensor meanTensor : net.parameters().tensors()) {
            if (!meanTensor.name().endsWith(".running_mean")) {
                continue;
            }
            String prefix = meanTensor.name().substring(0, meanTensor.name().length() - "running_mean".length());
            ParameterTensor varTensor = net.parameters().tensors().stream()
                    .filter(t -> t.name().equals(prefix + "running_var")).findFirst().orElseThrow();
            int layer = Integer.parseInt(prefix.substring(0, prefix.length() - 1));
            double m = ((LayerSpec.BatchNorm) layers.get(layer)).momentum();
            if (m == 0) {
                continue;   // the running statistics never move: every partition returned the broadcast ones
            }
            for (int j = 0; j < meanTensor.size(); j++) {
                int mi = meanTensor.offset() + j;
                int vi = varTensor.offset() + j;
                long total = 0;
                double weightedMean = 0;
                for (PartitionResult r : results) {
                    total += r.examples();
                    weightedMean += r.examples() * slice(r.values()[mi], before[mi], m);
                }
                double mean = weightedMean / total;
                double squares = 0;
                for (PartitionResult r : results) {
                    double d = slice(r.values()[mi], before[mi], m) - mean;
                    squares += (r.examples() - 1) * slice(r.values()[vi], before[vi], m) + r.examples() * d * d;
                }
                values[mi] = (float) ((1 - m) * before[mi] + m * mean);
                values[vi] = (float) ((1 - m) * before[vi] + m * squares / (total - 1));
            }
        }
    }

    /** A slice's batch statistic from its running one: {@code (r_p - (1 - m) r) / m}. */
    private static double slice(float after, float before, double m) {
        return (after - (1 - m) * before) / m;
    }
}
