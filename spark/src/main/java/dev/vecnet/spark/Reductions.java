package dev.vecnet.spark;

import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;
import dev.vecnet.optim.Optimizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The fixed-order reductions over the partitions' results of a round: the combined gradient of an exact step and the
 * mean of local SGD. Every sum runs in partition order, so the driver and every executor that runs them on the same
 * results get the same bits; that is what keeps the replicas of a many-step job identical to each other and to the
 * one-job-per-step path.
 *
 * <p>Stateless; thread-safe. Each method says what it allocates and modifies.
 */
final class Reductions {
    private Reductions() {
    }

    /**
     * Exact mode: {@code g = sum_p (c_p / C) g_p} in partition order (for one partition {@code g_0} itself, as
     * {@code 1.0f * x == x}). Sets {@code net}'s BatchNorm running statistics to those of the whole global batch
     * ({@link RunningStatistics}) and its batch counts to partition 0's.
     *
     * @param net     modified: its running statistics and batch counts
     * @param before  the parameters the step started from (read only; may be {@code net}'s own array when the net
     *                has not run the step's forward pass itself, as on the driver)
     * @param results the partitions' results in partition order: mean gradients with the running statistics after
     *                each slice's forward in the slots of the non-trainable tensors
     * @return the combined gradient, newly allocated, for the optimizer
     */
    static float[] combineGradients(Network net, float[] before, List<PartitionResult> results) {
        return combineGradients(net, before, results, new float[results.get(0).values().length]);
    }

    /**
     * As {@link #combineGradients(Network, float[], List)}, into {@code g}.
     *
     * @param g receives the combined gradient: as long as the results' arrays, none of them
     * @return {@code g}
     */
    static float[] combineGradients(Network net, float[] before, List<PartitionResult> results, float[] g) {
        long total = 0;
        for (PartitionResult r : results) {
            total += r.examples();
        }
        System.arraycopy(results.get(0).values(), 0, g, 0, g.length);
        float w0 = (float) ((double) results.get(0).examples() / total);
        for (int i = 0; i < g.length; i++) {
            g[i] *= w0;
        }
        for (int p = 1; p < results.size(); p++) {
            float w = (float) ((double) results.get(p).examples() / total);
            float[] v = results.get(p).values();
            for (int i = 0; i < g.length; i++) {
                g[i] += w * v[i];
            }
        }
        float[] values = net.parameters().values();
        if (results.size() == 1) {
            for (ParameterTensor t : net.parameters().tensors()) {
                if (!t.trainable()) {
                    System.arraycopy(g, t.offset(), values, t.offset(), t.size());
                }
            }
        } else {
            RunningStatistics.pool(net, before, results);
        }
        net.setBatchesTracked(results.get(0).batchesTracked());
        return g;
    }

    /**
     * Local SGD: the mean over partitions of the parameters and of every optimizer state array, each summed in
     * partition order and divided by the partition count; the batch counts and optimizer step count are partition
     * 0's, the examples and loss sums are totals.
     *
     * @param results the partitions' results in partition order (read only)
     * @return a new result holding new arrays
     */
    static PartitionResult mean(List<PartitionResult> results) {
        PartitionResult first = results.get(0);
        float[] values = new float[first.values().length];
        meanInto(values, results, PartitionResult::values);
        Map<String, float[]> state = new LinkedHashMap<>();
        for (String key : first.optimizerState().keySet()) {
            float[] mean = new float[first.optimizerState().get(key).length];
            meanInto(mean, results, r -> r.optimizerState().get(key));
            state.put(key, mean);
        }
        long examples = 0;
        double lossSum = 0;
        for (PartitionResult r : results) {
            examples += r.examples();
            lossSum += r.lossSum();
        }
        return new PartitionResult(examples, lossSum, values, first.batchesTracked(), state, first.optimizerSteps());
    }

    /**
     * Local SGD: puts a {@link #mean} into the driver's network and optimizer.
     *
     * @param net       modified: its parameters and batch counts
     * @param optimizer modified: its state and step count
     * @param mean      the round's mean
     */
    static void apply(Network net, Optimizer optimizer, PartitionResult mean) {
        System.arraycopy(mean.values(), 0, net.parameters().values(), 0, mean.values().length);
        net.setBatchesTracked(mean.batchesTracked());
        net.parametersChanged();
        optimizer.restoreState(net.parameters(), mean.optimizerState(), mean.optimizerSteps());
    }

    /**
     * The round's mean loss: the loss sums over the example counts, summed in partition order.
     *
     * @param results the partitions' results in partition order
     * @return {@code sum_p lossSum_p / sum_p examples_p}
     */
    static double meanLoss(List<PartitionResult> results) {
        double sum = 0;
        long n = 0;
        for (PartitionResult r : results) {
            sum += r.lossSum();
            n += r.examples();
        }
        return sum / n;
    }

    /** {@code out = (sum_p array(p)) / P}, summed in partition order. */
    private static void meanInto(float[] out, List<PartitionResult> results, Function<PartitionResult, float[]> array) {
        System.arraycopy(array.apply(results.get(0)), 0, out, 0, out.length);
        for (int p = 1; p < results.size(); p++) {
            float[] v = array.apply(results.get(p));
            for (int i = 0; i < out.length; i++) {
                out[i] += v[i];
            }
        }
        float n = results.size();
        for (int i = 0; i < out.length; i++) {
            out[i] /= n;
        }
    }
}
