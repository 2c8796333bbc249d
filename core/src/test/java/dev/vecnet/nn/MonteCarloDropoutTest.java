package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link MonteCarloDropout}: its relation to the deterministic prediction, seeds, and what it leaves alone. */
class MonteCarloDropoutTest {
    private static final int FEATURES = 6;
    private static final int BATCH = 5;

    private static float[] inputs(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[BATCH * FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }

    /** A few training steps, so that BatchNorm's running statistics are not the initial 0 and 1. */
    private static Network trained(Network net) {
        float[] x = inputs(1);
        int[] labels = {0, 1, 2, 1, 0};
        TrainingContext ctx = net.newTrainingContext(BATCH, false);
        for (int step = 0; step < 5; step++) {
            ctx.forwardBackward(x, 0, BATCH, labels, null);
        }
        return net;
    }

    private static float[] deterministic(Network net, float[] x) {
        float[] p = new float[BATCH * net.outputSize()];
        net.newInferenceContext(BATCH).predictProbabilities(x, 0, BATCH, p, 0);
        return p;
    }

    private static float[] monteCarlo(Network net, int passes, long seed, float[] x) {
        float[] p = new float[BATCH * net.outputSize()];
        new MonteCarloDropout(net, BATCH, passes, seed).predictProbabilities(x, 0, BATCH, p, 0);
        return p;
    }

    @Test
    void withoutDroppingItEqualsTheDeterministicProbabilitiesExactly() {
        Network zeroP = trained(Network.builder(FEATURES).dense(8).batchNorm().relu().dropout(0f).dense(3).seed(4).build());
        Network noDropout = trained(Network.builder(FEATURES).dense(8).batchNorm().tanh().dense(3).seed(5).build());
        float[] x = inputs(2);
        for (Network net : new Network[] {zeroP, noDropout}) {
            float[] expected = deterministic(net, x);
            for (int passes : new int[] {1, 3, 7}) {
                assertArrayEquals(expected, monteCarlo(net, passes, 11, x), net.architecture() + ", T = " + passes);
            }
        }
    }

    @Test
    void sameSeedGivesTheSameOutputAndAnotherSeedAnother() {
        Network net = trained(Network.builder(FEATURES).dense(16).batchNorm().relu().dropout(0.5f).dense(3).seed(6).build());
        float[] x = inputs(3);
        float[] a = monteCarlo(net, 10, 21, x);
        assertArrayEquals(a, monteCarlo(net, 10, 21, x));
        assertFalse(Arrays.equals(a, monteCarlo(net, 10, 22, x)), "seeds 21 and 22 gave the same probabilities");
        assertFalse(Arrays.equals(a, deterministic(net, x)), "dropout had no effect");
        float rowSum = a[0] + a[1] + a[2];
        assertEquals(1f, rowSum, 1e-5f, "a mean of probability rows sums to 1");
    }

    @Test
    void successiveCallsDrawFreshMasks() {
        Network net = trained(Network.builder(FEATURES).dense(16).relu().dropout(0.5f).dense(3).seed(7).build());
        float[] x = inputs(4);
        MonteCarloDropout mc = new MonteCarloDropout(net, BATCH, 4, 1);
        float[] first = new float[BATCH * 3];
        float[] second = new float[BATCH * 3];
        mc.predictProbabilities(x, 0, BATCH, first, 0);
        mc.predictProbabilities(x, 0, BATCH, second, 0);
        assertFalse(Arrays.equals(first, second));
    }

    /**
     * Dropout (p = 0.5) feeding a linear layer, with mean squared error so the probability map is the
     * identity: each pass's score is {@code s_j = b_j + sum_i W_ji h_i m_i} with {@code m_i} 0 or 2 with
     * equal odds, so {@code E[s_j]} is the deterministic score and {@code Var[s_j] = sum_i W_ji^2 h_i^2}
     * ({@code Var[m_i] = p / (1 - p) = 1}). The mean of T passes is within 5 standard deviations
     * {@code sqrt(Var / T)} of it (for all 10 scores together, a chance of failure below 1e-5), plus float
     * rounding; a single pass is not.
     */
    @Test
    void meanScoresConvergeToTheDeterministicScores() {
        int hidden = 12;
        int outputs = 2;
        Network net = Network.builder(FEATURES).dense(hidden).relu().dropout(0.5f).dense(outputs)
                .loss(Loss.meanSquaredError()).seed(8).build();
        float[] x = inputs(5);
        float[] w = net.parameters().values();
        ParameterTensor w1 = net.parameters().tensor("0.weight");
        ParameterTensor b1 = net.parameters().tensor("0.bias");
        ParameterTensor w2 = net.parameters().tensor("3.weight");
        float[] expected = deterministic(net, x);
        int passes = 4000;
        float[] mean = monteCarlo(net, passes, 31, x);
        float[] single = monteCarlo(net, 1, 31, x);
        double singleWorst = 0;
        for (int e = 0; e < BATCH; e++) {
            double[] h = new double[hidden];
            for (int i = 0; i < hidden; i++) {
                double s = w[b1.offset() + i];
                for (int f = 0; f < FEATURES; f++) {
                    s += (double) w[w1.offset() + i * FEATURES + f] * x[e * FEATURES + f];
                }
                h[i] = Math.max(s, 0);
            }
            for (int j = 0; j < outputs; j++) {
                double variance = 0;
                for (int i = 0; i < hidden; i++) {
                    double wh = w[w2.offset() + j * hidden + i] * h[i];
                    variance += wh * wh;
                }
                double tolerance = 5 * Math.sqrt(variance / passes) + 1e-5;
                int k = e * outputs + j;
                assertEquals(expected[k], mean[k], tolerance, "example " + e + ", score " + j);
                if (variance > 0) {
                    singleWorst = Math.max(singleWorst, Math.abs(single[k] - expected[k]) / Math.sqrt(variance));
                }
            }
        }
        assertTrue(singleWorst > 0.1, "one pass should be off by a noticeable share of its standard deviation, was "
                + singleWorst);
    }

    @Test
    void leavesBatchNormRunningStatisticsAndAllParametersUnchanged() {
        Network net = trained(Network.builder(FEATURES).dense(8).batchNorm().relu().dropout(0.3f).dense(3).seed(9).build());
        float[] before = net.parameters().values().clone();
        long[] tracked = net.batchesTracked();
        monteCarlo(net, 20, 41, inputs(6));
        assertArrayEquals(before, net.parameters().values());
        assertArrayEquals(tracked, net.batchesTracked());
    }

    @Test
    void rejectsBadArguments() {
        Network net = Network.builder(FEATURES).dense(3).build();
        assertThrows(IllegalArgumentException.class, () -> new MonteCarloDropout(net, 0, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> new MonteCarloDropout(net, 4, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new MonteCarloDropout(null, 4, 5, 1));
        MonteCarloDropout mc = new MonteCarloDropout(net, 4, 5, 1);
        assertThrows(IllegalArgumentException.class, () -> mc.predictProbabilities(new float[5 * FEATURES], 0, 5,
                new float[15], 0));
    }
}
