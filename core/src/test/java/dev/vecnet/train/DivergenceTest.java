package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Sgd;

import org.junit.jupiter.api.Test;

class DivergenceTest {

    @Test
    void hugeLearningRateStopsWithFiniteWeightsOfTheLastGoodStep() {
        Dataset data = Dataset.ofTargets(new float[] {1e3f, -2e3f, 5e2f, 3e3f}, 2, new float[] {1f, -1f}, 1);
        Network net = Network.builder(2).dense(8).dense(1).loss(Loss.meanSquaredError()).maxBatch(2).seed(1).build();
        float[][] lastGood = new float[1][];
        TrainingListener keep = new TrainingListener() {
            @Override
            public boolean onIteration(long iteration, int epoch, double loss) {
                lastGood[0] = net.parameters().values().clone();
                return true;
            }
        };
        Trainer t = Trainer.builder().epochs(1000).batchSize(2).listener(keep).explosionFactor(Double.POSITIVE_INFINITY)
                .evaluateTraining(false).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(net, data, new Sgd(10f)));
        assertTrue(e.getMessage().startsWith("training diverged at epoch " + (e.epoch() + 1) + ", step "
                + (e.iteration() + 1) + ": "), e.getMessage());
        assertTrue(e.iteration() > 0, "at least one step succeeded first");
        for (float w : net.parameters().values()) {
            assertTrue(Float.isFinite(w));
        }
        assertArrayEquals(lastGood[0], net.parameters().values());
    }

    @Test
    void nonFiniteLossIsReportedBeforeAnyUpdate() {
        Dataset data = Dataset.ofTargets(new float[] {3e38f, 3e38f}, 2, new float[] {0f}, 1);
        Network net = Network.builder(2).dense(1).loss(Loss.meanSquaredError()).maxBatch(1).checkInputs(false).seed(1).build();
        float[] before = net.parameters().values().clone();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new GradientDescent(new Sgd(0.1f), 1e-9, 10).run(net, data));
        assertTrue(e.iteration() == 0 && e.epoch() == 0);
        assertTrue(!Double.isFinite(e.loss()) || e.getMessage().contains("gradient"), e.getMessage());
        assertArrayEquals(before, net.parameters().values());
    }

    @Test
    void batchNormRunningStatisticsRollBackToo() {
        Dataset data = Blobs.make(64, 4, 2, 3.0, 5);
        Network net = Network.builder(4).dense(16).batchNorm().relu().dense(2).maxBatch(16).seed(2).build();
        float[][] lastGood = {net.parameters().values().clone()};
        Trainer t = Trainer.builder().epochs(200).batchSize(16).evaluateTraining(false).listener(keepWeights(net, lastGood))
                .explosionFactor(Double.POSITIVE_INFINITY).build();
        assertThrows(TrainingDivergedException.class, () -> t.fit(net, data, new Sgd(1e9f)));
        // Running statistics included: every value is that of after the last step that passed (the explosion
        // check is off, so the step that fails is the one whose values are not finite).
        assertArrayEquals(lastGood[0], net.parameters().values());
    }

    /**
     * A network of several thousand parameters, so that the guard's checks and snapshot run chunk by chunk and,
     * on a team of two, in two parts: an update that overflows restores every chunk of every part.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void anOverflowingUpdateRestoresEveryChunkOnAnyTeam(int threads) {
        int features = 64;
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        float[] x = new float[8 * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1e3, 1e3);
        }
        Dataset data = Dataset.ofTargets(x, features, new float[] {1, -1, 2, -2, 3, -3, 4, -4}, 1);
        Network net = Network.builder(features).dense(300).dense(1).loss(Loss.meanSquaredError()).maxBatch(8).seed(1)
                .build();
        assertTrue(net.parameters().size() > 2 * 8192, "spans two parts of a team of two");
        float[][] lastGood = {net.parameters().values().clone()};
        Trainer t = Trainer.builder().epochs(1000).batchSize(8).threads(threads).listener(keepWeights(net, lastGood))
                .explosionFactor(Double.POSITIVE_INFINITY).evaluateTraining(false).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(net, data, new Sgd(10f)));
        assertTrue(e.iteration() > 0, "at least one step succeeded first: " + e.getMessage());
        assertArrayEquals(lastGood[0], net.parameters().values());
    }

    /** A listener that keeps a copy of the weights after every step that passed. */
    private static TrainingListener keepWeights(Network net, float[][] into) {
        return new TrainingListener() {
            @Override
            public boolean onIteration(long iteration, int epoch, double loss) {
                into[0] = net.parameters().values().clone();
                return true;
            }
        };
    }

    @Test
    void aFiniteLossAboveTheFactorStopsWithTheWeightsOfTheLastPassingLoss() {
        Dataset data = Dataset.ofTargets(new float[] {1e3f, -2e3f, 5e2f, 3e3f}, 2, new float[] {1f, -1f}, 1);
        Network net = Network.builder(2).dense(8).dense(1).loss(Loss.meanSquaredError()).maxBatch(2).seed(1).build();
        java.util.List<float[]> after = new java.util.ArrayList<>();
        java.util.List<Double> losses = new java.util.ArrayList<>();
        float[] initial = net.parameters().values().clone();
        TrainingListener keep = new TrainingListener() {
            @Override
            public boolean onIteration(long iteration, int epoch, double loss) {
                after.add(net.parameters().values().clone());
                losses.add(loss);
                return true;
            }
        };
        Trainer t = Trainer.builder().epochs(1000).batchSize(2).listener(keep).evaluateTraining(false).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(net, data, new Sgd(1e-3f)));
        assertTrue(Double.isFinite(e.loss()), "stopped while the loss was still finite: " + e.getMessage());
        assertTrue(e.loss() > 100 * losses.get(0), e.getMessage());
        assertTrue(e.reason().contains("exceeds 100 times"), e.getMessage());
        for (double passed : losses) {
            assertTrue(passed <= 100 * losses.get(0), "every recorded loss passed the rule");
        }
        int k = (int) e.iteration();
        assertTrue(k >= 1 && after.size() == k);
        // The exploded loss was measured at the weights step k-1 made; those of before it are kept.
        assertArrayEquals(k >= 2 ? after.get(k - 2) : initial, net.parameters().values());
    }

    @Test
    void theReferenceIsAtLeastLnCSoAFitFromATinyFirstLossIsNotStoppedEarly() {
        int n = 16;
        Dataset easy = Blobs.make(n, 4, 10, 3.0, 5);
        int[] zeros = new int[n];
        int[] ones = new int[n];
        java.util.Arrays.fill(ones, 1);
        Network net = Network.builder(4).dense(16).relu().dense(10).maxBatch(n).seed(2).build();
        Dataset allZero = Dataset.ofLabels(easy.features(), 4, zeros, 10);
        Trainer.builder().epochs(300).batchSize(n).evaluateTraining(false).build()
                .fit(net, allZero, new dev.vecnet.optim.Adam(0.05f));
        StepGuard guard = new StepGuard(net.newTrainingContext(n, false));
        Sgd still = new Sgd(1e-12f);
        double first = guard.step(still, easy.features(), n, zeros, null, 0, 0);
        assertTrue(first < 1e-2, "the first loss is tiny: " + first);
        // The same inputs labelled 1: far above 100 x the first loss, yet below 100 x ln 10.
        double second = guard.step(still, easy.features(), n, ones, null, 0, 1);
        assertTrue(second > 100 * first && second < 100 * Math.log(10), first + " then " + second);
    }

    @Test
    void explosionFactorMustExceedOne() {
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().explosionFactor(1));
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().explosionFactor(Double.NaN));
    }
}
