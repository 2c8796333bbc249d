package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** What a training context promises: own gradients, data-parallel sums, threads, evaluation untouched. */
class TrainingContextTest {
    private static final int IN = 32;
    private static final int OUT = 4;

    /**
     * Every layer kind that writes parameter gradients (dense, maxout, PReLU), L2 on, no BatchNorm and no
     * dropout. The 32 -> 32 layers take the packed forward at 8 and 16 examples, so threads share a repack.
     */
    private static Network network() {
        return Network.builder(IN).dense(32).relu().dense(32).tanh().maxout(8, 2).prelu(true).dense(OUT)
                .l2(1e-2f).maxBatch(16).seed(4).build();
    }

    private static float[] inputs(int examples, long seed) {
        return inputs(examples, IN, seed);
    }

    private static float[] inputs(int examples, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[examples * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }

    private static int[] labels(int examples) {
        int[] labels = new int[examples];
        for (int i = 0; i < examples; i++) {
            labels[i] = (i * 7) % OUT;
        }
        return labels;
    }

    /**
     * Two contexts, one on each part of a batch, against one context on the whole batch.
     *
     * <p>Math. With {@code l_i} the loss of example i and {@code P = (lambda / 2) sum w^2}, a context on
     * examples S computes {@code L_S = (1 / |S|) sum_{i in S} l_i + P} and {@code g_S = (1 / |S|) sum_{i in S}
     * dl_i/dw + lambda w}. Weighting each part by its size,
     * {@code (n1 g1 + n2 g2) / n = (1 / n) sum_i dl_i/dw + lambda w (n1 + n2) / n = g}: the L2 term comes
     * out exactly once, because the weights n1 / n and n2 / n sum to 1. The same holds for the losses.
     *
     * <p>Tolerance. Only the order of float32 additions differs: the batch sums inside dW = dZ^T X and
     * db = sum dZ are split in two, and the parts are recombined here in double. Each sum of at most 16
     * products carries a relative error of about {@code 16 * 2^-24 = 1e-6} of the sum of the magnitudes
     * of its terms, which a cancelling sum can exceed in relative terms; so the comparison is relative
     * {@code 1e-5} with an absolute floor of {@code 1e-5} times the largest gradient element (the scale the
     * summed terms are of).
     */
    @Test
    void partsWeightedBySizeEqualTheWholeBatch() {
        Network net = network();
        int n1 = 7;
        int n2 = 9;
        int n = n1 + n2;
        float[] x = inputs(n, 1);
        int[] labels = labels(n);
        TrainingContext whole = net.newTrainingContext(n, false);
        TrainingContext first = net.newTrainingContext(n1, false);
        TrainingContext second = net.newTrainingContext(n2, false);

        double loss = whole.forwardBackward(x, 0, n, labels, null).loss();
        double loss1 = first.forwardBackward(x, 0, n1, Arrays.copyOfRange(labels, 0, n1), null).loss();
        double loss2 = second.forwardBackward(x, n1 * IN, n2, Arrays.copyOfRange(labels, n1, n), null).loss();

        assertFalse(first.gradients() == second.gradients(), "each context has its own gradient array");
        float[] g = whole.gradients();
        double scale = 0;
        for (float v : g) {
            scale = Math.max(scale, Math.abs(v));
        }
        double floor = 1e-5 * scale;
        for (ParameterTensor t : net.parameters().tensors()) {
            for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                double combined = ((double) n1 * first.gradients()[i] + (double) n2 * second.gradients()[i]) / n;
                double tolerance = 1e-5 * Math.max(Math.abs(combined), Math.abs(g[i])) + floor;
                assertEquals(g[i], combined, tolerance, t.name() + " element " + (i - t.offset()));
            }
        }
        assertEquals(loss, (n1 * loss1 + n2 * loss2) / n, 1e-6 * Math.abs(loss));
    }

    /** Contexts on two threads, racing through shared repacks, give the bits of running them one by one. */
    @Test
    void concurrentContextsGiveTheSequentialBits() throws Exception {
        Network net = network();
        int half = 8;
        int rounds = 50;
        float[] x = inputs(2 * half, 2);
        int[] labels = labels(half);
        float[][] expected = new float[2][];
        TrainingContext a = net.newTrainingContext(half, true);
        TrainingContext b = net.newTrainingContext(half, true);
        net.parametersChanged();
        a.forwardBackward(x, 0, half, labels, null);
        net.parametersChanged();
        b.forwardBackward(x, half * IN, half, labels, null);
        expected[0] = a.gradients().clone();
        expected[1] = b.gradients().clone();

        CyclicBarrier start = new CyclicBarrier(2, net::parametersChanged);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int part = 0; part < 2; part++) {
                int off = part * half * IN;
                float[] want = expected[part];
                results.add(pool.submit(() -> {
                    TrainingContext ctx = net.newTrainingContext(half, true);
                    int mismatches = 0;
                    for (int round = 0; round < rounds; round++) {
                        start.await(); // marks the packs stale, so both threads reach the repack together
                        ctx.forwardBackward(x, off, half, labels, null);
                        mismatches += Arrays.equals(want, ctx.gradients()) ? 0 : 1;
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> r : results) {
                assertEquals(0, r.get(), "rounds whose gradients differ from the sequential run");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void evaluateChangesNothingAndMatchesInference() {
        Network net = Network.builder(6).dense(8).batchNorm().relu().dropout(0.5f).dense(3).l2(1e-2f)
                .maxBatch(4).seed(5).build();
        float[] features = inputs(4, 6, 3);
        int[] labels = {0, 1, 2, 1};
        TrainingContext ctx = net.newTrainingContext(4, true);
        ctx.forwardBackward(features, 0, 4, labels, null);
        float[] gradients = ctx.gradients().clone();
        float[] values = net.parameters().values().clone();
        long[] tracked = net.batchesTracked();

        TrainingContext.Step step = ctx.evaluate(features, 0, 4, labels, null);

        assertArrayEquals(values, net.parameters().values(), "parameters and running statistics untouched");
        assertArrayEquals(tracked, net.batchesTracked());
        assertArrayEquals(gradients, ctx.gradients(), "gradients untouched");
        assertNull(step.inputGradient(), "evaluation computes no input gradient");
        assertEquals(4, step.batch());
        assertTrue(step.loss() > step.dataLoss(), "the L2 penalty is in the loss");
        float[] inference = net.newInferenceContext(4).forward(features, 0, 4);
        assertArrayEquals(Arrays.copyOf(inference, 12), Arrays.copyOf(step.scores(), 12),
                "evaluation mode: dropout off, running statistics");
        assertSame(step, ctx.forwardBackward(features, 0, 4, labels, null), "one reusable step per context");
        assertNotNull(step.inputGradient());
    }

    /** BatchNorm's running statistics are the network's: every context's training forward updates them. */
    @Test
    void batchNormRunningStatisticsAreSharedNetworkState() {
        Network net = Network.builder(6).dense(8).batchNorm().dense(3).maxBatch(4).seed(6).build();
        float[] x = inputs(4, 6, 4);
        int[] labels = {0, 1, 2, 1};
        TrainingContext a = net.newTrainingContext(4, false);
        TrainingContext b = net.newTrainingContext(4, false);
        float[] before = b.evaluate(x, 0, 4, labels, null).scores().clone();
        a.forwardBackward(x, 0, 4, labels, null);
        b.forwardBackward(x, 0, 4, labels, null);
        assertArrayEquals(new long[] {2}, net.batchesTracked());
        float[] after = b.evaluate(x, 0, 4, labels, null).scores();
        assertFalse(Arrays.equals(before, Arrays.copyOf(after, before.length)), "evaluation sees the updated statistics");
        ParameterTensor mean = net.parameters().tensor("1.running_mean");
        for (int i = mean.offset(); i < mean.offset() + mean.size(); i++) {
            assertEquals(0f, a.gradients()[i], "no gradient for a running statistic");
        }
    }

    /**
     * The L2 penalty an evaluation reports is {@code (lambda / 2) sum w^2} of the current weights: kept while the
     * weights stay, recomputed after {@link Network#parametersChanged()}.
     */
    @Test
    void evaluationPenaltyFollowsTheWeightsThroughParametersChanged() {
        float lambda = 1e-2f;
        Network net = Network.builder(6).dense(8).relu().dense(3).l2(lambda).maxBatch(4).seed(4).build();
        TrainingContext ctx = net.newTrainingContext(4, false);
        float[] x = new float[4 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) * 0.25f - 0.75f;
        }
        int[] labels = {0, 1, 2, 1};
        // A context reuses one Step: keep the numbers, not the object.
        TrainingContext.Step first = ctx.evaluate(x, 0, 4, labels, null);
        double firstLoss = first.loss();
        double firstPenalty = first.loss() - first.dataLoss();
        assertEquals(penalty(net, lambda), firstPenalty, 1e-9);
        assertEquals(firstLoss, ctx.evaluate(x, 0, 4, labels, null).loss(), 0.0, "same weights, same loss");

        float[] w = net.parameters().values();
        for (int i = 0; i < w.length; i++) {
            w[i] *= 3f;
        }
        net.parametersChanged();
        TrainingContext.Step scaled = ctx.evaluate(x, 0, 4, labels, null);
        assertEquals(penalty(net, lambda), scaled.loss() - scaled.dataLoss(), 1e-9);
        assertTrue(scaled.loss() - scaled.dataLoss() > 8 * firstPenalty, "the penalty grew ninefold");
    }

    /** {@code (lambda / 2) sum w^2} over the decayed tensors, in double. */
    private static double penalty(Network net, float lambda) {
        double sum = 0;
        for (ParameterTensor t : net.parameters().tensors()) {
            if (t.decayed()) {
                for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                    double v = net.parameters().values()[i];
                    sum += v * v;
                }
            }
        }
        return 0.5 * lambda * sum;
    }
}
