package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.nn.Network;
import dev.vecnet.optim.Adam;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.optim.Momentum;
import dev.vecnet.optim.Sgd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class TrainerTest {
    static final Dataset TRAIN = Blobs.make(300, 4, 3, 3.0, 1);
    static final Dataset VALID = Blobs.make(150, 4, 3, 3.0, 2);

    static Network net(long seed) {
        return Network.builder(4).dense(16).relu().dense(3).maxBatch(32).seed(seed).build();
    }

    @Test
    void learnsBlobsAndRecordsHistory() {
        Trainer t = Trainer.builder().epochs(8).batchSize(32)
                .validation(VALID).seed(3).build();
        History h = t.fit(net(1), TRAIN, new Momentum(0.05f, 0.9f));
        assertEquals(8, h.epochs());
        assertEquals(8 * 10, h.iterations());
        assertEquals(80, h.iterationLosses().length);
        assertTrue(h.validationAccuracy()[7] > 0.9, "validation accuracy " + h.validationAccuracy()[7]);
        assertTrue(h.trainLoss()[7] < h.trainLoss()[0], "training loss fell");
        assertTrue(h.trainAccuracy()[7] > 0.9);
        assertEquals(-1, h.bestEpoch());
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        float[][] w = new float[3][];
        for (int run = 0; run < 3; run++) {
            Network n = net(5);
            Trainer.builder().epochs(3).batchSize(16).seed(run < 2 ? 9 : 10)
                    .evaluateTraining(false).build().fit(n, TRAIN, new Adam(0.01f));
            w[run] = n.parameters().values();
        }
        assertArrayEquals(w[0], w[1]);
        assertFalse(java.util.Arrays.equals(w[0], w[2]), "another shuffle seed gives other weights");
    }

    @Test
    void scheduleDrivesTheOptimizerAndListenersCanStop() {
        Sgd sgd = new Sgd(1f);
        List<Float> rates = new ArrayList<>();
        Trainer t = Trainer.builder().epochs(5).batchSize(100)
                .schedule(LearningRateSchedule.stepDecay(0.1f, 0.5f, 1))
                .listener(new TrainingListener() {
                    @Override
                    public boolean onIteration(long iteration, int epoch, double loss) {
                        rates.add(sgd.learningRate());
                        return true;
                    }

                    @Override
                    public boolean onEpoch(int epoch, History history) {
                        return epoch < 2;
                    }
                }).build();
        Network n = Network.builder(4).dense(3).maxBatch(100).build();
        History h = t.fit(n, TRAIN, sgd);
        assertEquals(3, h.epochs());
        assertEquals(List.of(0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 0.05f, 0.025f, 0.025f, 0.025f), rates);
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        // a rate high enough that validation loss bounces: patience 2 stops early
        Trainer t = Trainer.builder().epochs(40).batchSize(32).validation(VALID)
                .earlyStopping(new EarlyStopping(EarlyStopping.Monitor.VALIDATION_LOSS, 2, true)).seed(1).build();
        Network n = net(2);
        History h = t.fit(n, TRAIN, new Sgd(0.8f));
        double[] vl = h.validationLoss();
        int best = h.bestEpoch();
        assertTrue(best >= 0);
        for (double v : vl) {
            assertTrue(vl[best] <= v);
        }
        assertTrue(h.epochs() < 40, "stopped early after " + h.epochs() + " epochs");
        assertEquals(best + 3, h.epochs(), "stops after patience epochs without improvement");
        Evaluator e = new Evaluator(n, VALID);
        e.evaluate();
        assertEquals(vl[best], e.loss(), 0.0, "the restored weights are the best epoch's");
    }

    @Test
    void oneTrainerFitsManyNetworksAndTheOptimizerStateCarriesAcrossFits() {
        Trainer t = Trainer.builder().epochs(2).batchSize(32).evaluateTraining(false).seed(4).build();
        Adam adam = new Adam(0.01f);
        History first = t.fit(net(1), TRAIN, adam);
        assertEquals(first.iterations(), adam.steps());
        // Same configuration, another network and a fresh optimizer: nothing is bound to the first fit.
        Network a = net(6);
        Network b = net(6);
        t.fit(a, TRAIN, new Adam(0.01f));
        t.fit(b, TRAIN, new Adam(0.01f));
        assertArrayEquals(a.parameters().values(), b.parameters().values());
        // Continuing with the same optimizer keeps its moments and step count.
        t.fit(net(1), TRAIN, adam);
        assertEquals(2 * first.iterations(), adam.steps());
    }

    @Test
    void rejectsMismatchedData() {
        Trainer t = Trainer.builder().batchSize(64).build();
        assertThrows(IllegalArgumentException.class, () -> t.fit(net(1), TRAIN, new Sgd(0.01f)));
        assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder().batchSize(8).build().fit(Network.builder(5).dense(3).build(), TRAIN, new Sgd(0.01f)));
        assertThrows(IllegalStateException.class, () -> Trainer.builder()
                .earlyStopping(new EarlyStopping(EarlyStopping.Monitor.VALIDATION_ACCURACY, 1, false)).build());
    }

    @Test
    void binaryLabelsWithOneSigmoidOutputCountAccuracyByThreshold() {
        Dataset two = Blobs.make(200, 4, 2, 3.0, 7);
        Network n = Network.builder(4).dense(8).relu().dense(1).loss(dev.vecnet.nn.Loss.sigmoidBinaryCrossEntropy())
                .maxBatch(32).seed(1).build();
        History h = Trainer.builder().epochs(5).batchSize(32).build().fit(n, two, new Adam(0.02f));
        assertTrue(h.trainAccuracy()[4] > 0.9, "accuracy " + h.trainAccuracy()[4]);
    }

    @Test
    void targetLossesHaveNoAccuracy() {
        float[] targets = new float[300];
        for (int i = 0; i < 300; i++) {
            targets[i] = TRAIN.features()[i * 4] + 0.5f * TRAIN.features()[i * 4 + 1];
        }
        Dataset reg = Dataset.ofTargets(TRAIN.features(), 4, targets, 1);
        Network n = Network.builder(4).dense(1).loss(dev.vecnet.nn.Loss.meanSquaredError()).maxBatch(32).seed(1).build();
        History h = Trainer.builder().epochs(20).batchSize(32).build().fit(n, reg, new Sgd(0.02f));
        assertTrue(Double.isNaN(h.trainAccuracy()[0]));
        assertTrue(h.trainLoss()[19] < 1e-3, "loss " + h.trainLoss()[19]);
    }

    @Test
    void earlyStoppingOnAccuracyWithoutRestoreKeepsTheLastWeights() {
        // separable blobs: validation accuracy reaches its maximum early and cannot improve on it
        Network n = net(3);
        List<float[]> weightsAfterEpoch = new ArrayList<>();
        Trainer t = Trainer.builder().epochs(50).batchSize(32).validation(VALID)
                .earlyStopping(new EarlyStopping(EarlyStopping.Monitor.VALIDATION_ACCURACY, 3, false))
                .listener(new TrainingListener() {
                    @Override
                    public boolean onEpoch(int epoch, History history) {
                        weightsAfterEpoch.add(n.parameters().values().clone());
                        return true;
                    }
                }).seed(1).build();
        History h = t.fit(n, TRAIN, new Adam(0.01f));
        assertTrue(h.epochs() < 50, "stopped after " + h.epochs());
        assertEquals(-1, h.bestEpoch());
        double[] va = h.validationAccuracy();
        double max = 0;
        int first = -1;
        for (int e = 0; e < va.length; e++) {
            if (va[e] > max) {
                max = va[e];
                first = e;
            }
        }
        assertEquals(first + 4, h.epochs(), "three epochs without a strictly better accuracy");
        assertEquals(h.epochs(), weightsAfterEpoch.size());
        float[] last = weightsAfterEpoch.get(h.epochs() - 1);
        assertArrayEquals(last, n.parameters().values(), "the weights are those of the last epoch");
        assertFalse(Arrays.equals(weightsAfterEpoch.get(first), last),
                "the best epoch's weights differ, so restoring them would have shown");
    }
}
