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
        Trainer t = Trainer.builder().epochs(1000).batchSize(2).listener(keep)
                .evaluateTraining(false).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> t.fit(net, data, new Sgd(10f)));
        assertTrue(e.getMessage().contains("epoch " + e.epoch()) && e.getMessage().contains("iteration " + e.iteration()),
                e.getMessage());
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
        Trainer t = Trainer.builder().epochs(200).batchSize(16).evaluateTraining(false).build();
        assertThrows(TrainingDivergedException.class, () -> t.fit(net, data, new Sgd(1e9f)));
        for (dev.vecnet.nn.ParameterTensor pt : net.parameters().tensors()) {
            for (int i = pt.offset(); i < pt.offset() + pt.size(); i++) {
                assertTrue(Float.isFinite(net.parameters().values()[i]), pt.name() + " is finite");
            }
        }
    }
}
