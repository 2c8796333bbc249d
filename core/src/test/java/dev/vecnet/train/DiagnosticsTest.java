package dev.vecnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.data.Dataset;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Adam;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.optim.Sgd;
import dev.vecnet.testing.SteadyState;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * {@link Diagnostics}: the known answers of runs built to fail in one way each (and of a healthy one), that it
 * leaves the training's bits alone, what it measures, and that an epoch allocates nothing once the first is done.
 */
class DiagnosticsTest {

    private static List<Finding.Kind> kinds(Diagnostics d) {
        return d.findings().stream().map(Finding::kind).collect(Collectors.toList());
    }

    private static String text(Diagnostics d) {
        return d.findings().stream().map(Finding::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void aHealthyRunOnTheDigitsHasNoFinding() {
        Diagnostics d = BrokenRuns.healthy().fit();
        assertEquals(List.of(), d.findings(), text(d));
        assertEquals(List.of(), d.reported());
    }

    @Test
    void saturatedSigmoidUnits() {
        Diagnostics d = BrokenRuns.saturated().fit();
        assertEquals(List.of(Finding.Kind.SATURATED_UNITS), kinds(d), text(d));
        Finding f = d.findings().get(0);
        assertEquals("2 sigmoid", f.layer());
        assertTrue(f.value() >= Diagnostics.SATURATED_FRACTION, f.toString());
        assertEquals(Diagnostics.SATURATED_FRACTION, f.threshold());
        assertTrue(f.advice().contains("--init") && f.advice().contains("--arch"), f.advice());
    }

    @Test
    void deadReluUnits() {
        Diagnostics d = BrokenRuns.dead().fit();
        assertEquals(List.of(Finding.Kind.DEAD_UNITS), kinds(d), text(d));
        Finding f = d.findings().get(0);
        assertEquals("1 dense(64 -> 128, relu)", f.layer());
        assertEquals(1.0, f.value());
        assertEquals(BrokenRuns.EPOCHS - 1, f.epoch());
        assertTrue(f.sentence().contains("100.0 % of its 128 units"), f.sentence());
    }

    @Test
    void learningRateTenTimesTooHigh() {
        Diagnostics d = BrokenRuns.learningRateTooHigh().fit();
        assertEquals(List.of(Finding.Kind.LEARNING_RATE_TOO_HIGH), kinds(d), text(d));
        assertTrue(d.findings().get(0).advice().contains("--lr"));
    }

    @Test
    void learningRateOfOneTenMillionthIsFlat() {
        Diagnostics d = BrokenRuns.flat().fit();
        assertEquals(List.of(Finding.Kind.FLAT_LOSS), kinds(d), text(d));
        Finding f = d.findings().get(0);
        assertTrue(f.value() < TrainingCurves.FLAT_DECREASE, f.toString());
        assertTrue(f.advice().contains("raise it (--lr)"), f.advice());
    }

    @Test
    void oneHiddenUnitUnderfits() {
        Diagnostics d = BrokenRuns.underfitting().fit();
        assertEquals(List.of(Finding.Kind.UNDERFITTING), kinds(d), text(d));
        assertTrue(d.findings().get(0).advice().contains("--arch"));
    }

    @Test
    void aWideNetworkOnFortyExamplesOverfits() {
        Diagnostics d = BrokenRuns.overfitting().fit();
        assertEquals(List.of(Finding.Kind.OVERFITTING), kinds(d), text(d));
        Finding f = d.findings().get(0);
        assertTrue(f.value() >= TrainingCurves.OVERFITTING_GAP, f.toString());
        assertTrue(f.advice().contains("--l2") && f.advice().contains("dropout"), f.advice());
    }

    @Test
    void findingsAreReportedOnceWhenTheyFirstHold() {
        List<Finding> told = new ArrayList<>();
        BrokenRuns.Run run = BrokenRuns.dead();
        Diagnostics d = Diagnostics.builder(run.net(), run.train()).onFinding(told::add).build();
        Trainer.builder().epochs(BrokenRuns.EPOCHS).batchSize(BrokenRuns.BATCH).listener(d).build()
                .fit(run.net(), run.train(), run.optimizer());
        assertEquals(1, told.size(), told.toString());
        assertEquals(Finding.Kind.DEAD_UNITS, told.get(0).kind());
        assertEquals(0, told.get(0).epoch());
        assertEquals(told, d.reported());
    }

    /** The network of the bit-identity checks: BatchNorm and dropout, whose state a careless probe would move. */
    private static Network batchNormDropout() {
        return Network.builder(64).dense(96).batchNorm().relu().dropout(0.3f).dense(48).tanh().dense(10).l2(1e-3f)
                .seed(11).maxBatch(32).build();
    }

    @Test
    void aFitWithDiagnosticsHasTheBitsOfOneWithout() {
        Dataset train = BrokenRuns.digits().train();
        Network plain = batchNormDropout();
        Network watched = batchNormDropout();
        Trainer.Builder trainer = Trainer.builder().epochs(4).batchSize(32).seed(3)
                .validation(BrokenRuns.digits().validation())
                .schedule(LearningRateSchedule.cosine(3e-3f, 0f, 200));
        History a = trainer.build().fit(plain, train, new Adam(3e-3f));
        Diagnostics d = Diagnostics.builder(watched, train).sampleSize(300).seed(9).build();
        History b = trainer.listener(d).build().fit(watched, train, new Adam(3e-3f));
        assertEquals(4, d.epochs());
        assertArrayEquals(plain.parameters().values(), watched.parameters().values());
        assertArrayEquals(plain.batchesTracked(), watched.batchesTracked());
        assertArrayEquals(a.iterationLosses(), b.iterationLosses());
        assertArrayEquals(a.validationLoss(), b.validationLoss());
    }

    @Test
    void aThreadedFitSharingItsTeamWithDiagnosticsHasTheBitsOfOneWithout() {
        Dataset train = BrokenRuns.digits().train();
        Network plain = batchNormDropout();
        Network watched = batchNormDropout();
        try (WorkerTeam team = new WorkerTeam(3)) {
            Trainer.Builder trainer = Trainer.builder().epochs(3).batchSize(32).seed(3).threads(team);
            trainer.build().fit(plain, train, new Adam(3e-3f));
            Diagnostics d = Diagnostics.builder(watched, train).threads(team).build();
            trainer.listener(d).build().fit(watched, train, new Adam(3e-3f));
            assertArrayEquals(plain.parameters().values(), watched.parameters().values());
            assertArrayEquals(plain.batchesTracked(), watched.batchesTracked());
            // The measurements do not depend on the team either.
            Network again = batchNormDropout();
            Diagnostics alone = Diagnostics.builder(again, train).build();
            Trainer.builder().epochs(3).batchSize(32).seed(3).listener(alone).build().fit(again, train, new Adam(3e-3f));
            assertEquals(d.layers(2), alone.layers(2));
            assertEquals(d.tensors(2), alone.tensors(2));
        }
    }

    @Test
    void measuresEveryLayerAndWeightTensor() {
        Dataset train = BrokenRuns.digits().train();
        Network net = batchNormDropout();
        Diagnostics d = Diagnostics.builder(net, train).build();
        Trainer.builder().epochs(3).batchSize(32).listener(d).build().fit(net, train, new Adam(3e-3f));
        assertEquals(Diagnostics.DEFAULT_SAMPLE_SIZE, d.sampleSize());
        List<LayerStatistics> layers = d.layers(2);
        assertEquals(net.layers().size(), layers.size());
        // dense(64 -> 96), batchnorm, relu, dropout, dense(96 -> 48), tanh, dense(48 -> 10)
        assertEquals("batchnorm(96, eps=1.0E-5, momentum=0.1)", layers.get(1).description());
        assertTrue(Double.isFinite(layers.get(1).runningMeanDrift()) && layers.get(1).runningMeanDrift() > 0);
        assertTrue(Double.isFinite(layers.get(1).runningVarianceDrift()));
        assertTrue(Double.isNaN(d.layers(0).get(1).runningMeanDrift()), "no drift before the second epoch");
        assertTrue(layers.get(2).deadFraction() >= 0 && layers.get(2).deadFraction() < 0.4);
        assertTrue(layers.get(5).saturatedFraction() >= 0 && layers.get(5).saturatedFraction() < 0.5);
        assertTrue(Double.isNaN(layers.get(0).deadFraction()) && Double.isNaN(layers.get(0).saturatedFraction()));
        for (LayerStatistics l : layers) {
            assertTrue(Double.isFinite(l.mean()) && l.std() > 0, l.toString());
        }
        List<TensorStatistics> tensors = d.tensors(2);
        assertEquals(List.of("0.weight", "4.weight", "6.weight"),
                tensors.stream().map(TensorStatistics::tensor).collect(Collectors.toList()));
        assertEquals(List.of(0, 4, 6), tensors.stream().map(TensorStatistics::layer).collect(Collectors.toList()));
        for (TensorStatistics t : tensors) {
            assertTrue(t.gradientNorm() > 0 && t.weightNorm() > 0 && t.updateNorm() > 0, t.toString());
            assertEquals(t.updateRatio(), t.updateNorm() / t.weightNorm(), 0.05 * t.updateRatio(), t.toString());
        }
    }

    @Test
    void theUpdateIsOneSgdStep() {
        // Plain SGD on a linear model of an epoch of one full batch: the update of a step is lr times the
        // gradient of that step, whose norm the probe measures on the same (whole) data in the same mode.
        Dataset train = BrokenRuns.digits().train().head(50);
        Network net = Network.builder(64).dense(10).seed(2).maxBatch(64).build();
        Diagnostics d = Diagnostics.builder(net, train).build();
        float rate = 0.1f;
        List<Double> gradientBefore = new ArrayList<>();
        Trainer.builder().epochs(4).batchSize(64).listener(d).listener(new TrainingListener() {
            @Override
            public boolean onEpoch(int epoch, History history) {
                gradientBefore.add(d.tensors(epoch).get(0).gradientNorm());
                return true;
            }
        }).build().fit(net, train, new Sgd(rate));
        assertTrue(Double.isNaN(d.tensors(0).get(0).updateNorm()), "the first epoch's only step has no step before it");
        for (int e = 1; e < 4; e++) {
            // The step of epoch e starts from the weights at the end of epoch e - 1.
            assertEquals(rate * gradientBefore.get(e - 1), d.tensors(e).get(0).updateNorm(), 1e-4 * rate,
                    "epoch " + e);
        }
    }

    @Test
    void aSecondFitStartsANewRecordAndTargetLossesAreMeasuredToo() {
        // A regression network (MSE on targets): no accuracy, so only the loss rules and the layers apply.
        java.util.SplittableRandom random = new java.util.SplittableRandom(8);
        float[] x = new float[200 * 4];
        float[] y = new float[200];
        for (int i = 0; i < 200; i++) {
            for (int f = 0; f < 4; f++) {
                x[i * 4 + f] = (float) random.nextGaussian();
            }
            y[i] = x[i * 4] - 2 * x[i * 4 + 1];
        }
        Dataset data = Dataset.ofTargets(x, 4, y, 1);
        Network net = Network.builder(4).dense(16).tanh().dense(1).loss(dev.vecnet.nn.Loss.meanSquaredError()).seed(3)
                .maxBatch(32).build();
        Diagnostics d = Diagnostics.builder(net, data).sampleSize(64).build();
        Trainer trainer = Trainer.builder().epochs(5).batchSize(32).listener(d).build();
        trainer.fit(net, data, new Adam(1e-2f));
        assertEquals(5, d.epochs());
        assertEquals(64, d.sampleSize());
        assertEquals(List.of(), d.findings(), text(d));
        List<TensorStatistics> lastOfFirstFit = d.tensors(4);
        Trainer.builder().epochs(3).batchSize(32).listener(d).build().fit(net, data, new Adam(1e-2f));
        assertEquals(3, d.epochs(), "the second fit's record replaces the first's");
        assertTrue(d.tensors(0).get(0).weightNorm() != lastOfFirstFit.get(0).weightNorm(), "measured anew");
        assertTrue(Double.isNaN(d.layers(0).get(1).deadFraction()));
        assertTrue(d.layers(0).get(1).saturatedFraction() < Diagnostics.SATURATED_FRACTION);
    }

    @Test
    void theSampleIsChosenBySeedWithoutRepeats() {
        long[] a = SampleProbe.rows(1000, 100, 5);
        long[] b = SampleProbe.rows(1000, 100, 5);
        long[] c = SampleProbe.rows(1000, 100, 6);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        assertEquals(100, a.length);
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i] > a[i - 1]);
        }
        assertEquals(7, SampleProbe.rows(7, 100, 5).length);
    }

    @Test
    void anEpochAllocatesNothingAfterTheFirst() {
        // Small, so that the kernels of the probe's passes, called once per epoch, reach C2 in a few seconds.
        Dataset data = Blobs.make(32, 6, 3, 2.0, 4);
        Network net = Network.builder(6).dense(12).batchNorm().relu().dense(8).sigmoid().dense(3).maxBatch(16).seed(2)
                .build();
        Diagnostics d = Diagnostics.builder(net, data).build();
        // Up to 16,000 epochs: on JDK 25 the probe's once-per-epoch passes reach C2 (and stop allocating) only
        // after 6,000 to 8,000 epochs; the wait ends as soon as three rounds in a row allocate nothing.
        int epochs = 16_100;
        int perEpoch = 2;
        History history = new History(epochs, epochs * perEpoch);
        Trainer trainer = Trainer.builder().batchSize(16).listener(d).build();
        Trainer.Loop loop = trainer.new Loop(net, data, 16, new Adam(1e-3f), history, null);
        int[] epoch = {0};
        Runnable oneEpoch = () -> {
            int e = epoch[0]++;
            loop.runEpoch(e);
            double loss = 1.0 / (1 + e);
            history.recordEpoch(loss, 0.9, loss, 0.9);
            d.onEpoch(e, history);
        };
        oneEpoch.run();
        SteadyState.assertAllocatesNothing(oneEpoch, 20, 800);
    }
}
