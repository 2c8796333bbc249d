package dev.vecnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** {@link TrainingCurves} on curves made by hand: each rule at and around its threshold, and the precedence. */
class TrainingCurvesTest {
    private static final int PER_EPOCH = 10;

    /** A history whose epochs' iteration losses all equal that epoch's training loss. */
    private static History history(double[] trainLoss, double[] trainAccuracy, double[] validationLoss,
                                   double[] validationAccuracy) {
        float[] iterations = new float[trainLoss.length * PER_EPOCH];
        for (int i = 0; i < iterations.length; i++) {
            iterations[i] = (float) trainLoss[i / PER_EPOCH];
        }
        return History.of(iterations, trainLoss, trainAccuracy, validationLoss, validationAccuracy, -1);
    }

    private static double[] repeat(double value, int n) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }

    private static List<Finding.Kind> kinds(History h) {
        return TrainingCurves.read(h).stream().map(Finding::kind).collect(Collectors.toList());
    }

    /** Healthy accuracies and validation losses for {@code n} epochs. */
    private static History losses(double... trainLoss) {
        int n = trainLoss.length;
        double[] validation = new double[n];
        for (int e = 0; e < n; e++) {
            validation[e] = 1.2 * trainLoss[e];
        }
        return history(trainLoss, repeat(0.95, n), validation, repeat(0.94, n));
    }

    @Test
    void aLossRisingMoreThanTenPercentAboveItsLowestIsALearningRateTooHigh() {
        List<Finding> findings = TrainingCurves.read(losses(1.0, 0.5, 0.4, 0.45));
        assertEquals(1, findings.size(), findings.toString());
        Finding f = findings.get(0);
        assertEquals(Finding.Kind.LEARNING_RATE_TOO_HIGH, f.kind());
        assertEquals(0.125, f.value(), 1e-12);
        assertEquals(TrainingCurves.RISE, f.threshold());
        assertEquals(3, f.epoch());
        assertEquals(null, f.layer());
        assertEquals("The training loss rose from 0.4000 at epoch 3 (its lowest) to 0.4500 at epoch 4, 12.5 % higher "
                + "(threshold 10.0 %); the learning rate is too high: lower it (--lr), by 3 to 10 times.", f.sentence());
        assertEquals(List.of(), kinds(losses(1.0, 0.5, 0.4, 0.4399)));
    }

    @Test
    void aLossThatKeepsGoingUpAndDownOscillates() {
        // Rises of 5 % at three of nine changes; the last loss is the lowest.
        History h = losses(1.0, 0.8, 0.84, 0.7, 0.735, 0.6, 0.63, 0.5, 0.45, 0.4);
        List<Finding> findings = TrainingCurves.read(h);
        assertEquals(List.of(Finding.Kind.LEARNING_RATE_TOO_HIGH), kinds(h), findings.toString());
        assertEquals(3, findings.get(0).value());
        assertEquals(3, findings.get(0).threshold());
        assertTrue(findings.get(0).sentence().contains("oscillates"));
        // Two rises are not enough in ten epochs, nor rises of 2 % or less.
        assertEquals(List.of(), kinds(losses(1.0, 0.8, 0.84, 0.7, 0.735, 0.6, 0.55, 0.5, 0.45, 0.4)));
        assertEquals(List.of(), kinds(losses(1.0, 0.8, 0.816, 0.7, 0.714, 0.6, 0.612, 0.5, 0.45, 0.4)));
    }

    @Test
    void aLossThatBarelyMovesIsFlat() {
        History h = history(new double[] {2.30, 2.30, 2.29}, repeat(0.1, 3), repeat(2.3, 3), repeat(0.1, 3));
        List<Finding> findings = TrainingCurves.read(h);
        assertEquals(List.of(Finding.Kind.FLAT_LOSS), kinds(h), "flat, and not also underfitting: " + findings);
        assertEquals(0.01 / 2.30, findings.get(0).value(), 1e-6);
        // A decrease of 5 % is not flat.
        assertEquals(List.of(), kinds(history(new double[] {1.0, 0.97, 0.949}, repeat(0.9, 3), repeat(1.0, 3),
                repeat(0.89, 3))));
    }

    @Test
    void lowAndCloseAccuraciesAreUnderfitting() {
        double[] loss = {2.0, 1.6, 1.4};
        Finding f = TrainingCurves.read(history(loss, new double[] {0.2, 0.3, 0.40}, loss,
                new double[] {0.2, 0.3, 0.37})).get(0);
        assertEquals(Finding.Kind.UNDERFITTING, f.kind());
        assertEquals(0.40, f.value());
        assertEquals(TrainingCurves.LOW_ACCURACY, f.threshold());
        // 75 % is not low; a gap of more than 5 points is not close (but then not an overfitting gap either).
        assertEquals(List.of(), kinds(history(loss, repeat(0.75, 3), loss, repeat(0.74, 3))));
        assertEquals(List.of(), kinds(history(loss, repeat(0.5, 3), loss, new double[] {0.5, 0.45, 0.44})));
        // Without a validation set, a low training accuracy suffices.
        assertEquals(List.of(Finding.Kind.UNDERFITTING), kinds(history(loss, repeat(0.5, 3), repeat(Double.NaN, 3),
                repeat(Double.NaN, 3))));
    }

    @Test
    void aGrowingGapOfTenPointsIsOverfittingAndNamesTheBestEpoch() {
        double[] train = {1.0, 0.5, 0.3, 0.2, 0.1};
        double[] validation = {1.1, 0.7, 0.6, 0.65, 0.8};
        History h = history(train, new double[] {0.8, 0.9, 0.95, 0.99, 1.0}, validation,
                new double[] {0.78, 0.85, 0.88, 0.89, 0.89});
        List<Finding> findings = TrainingCurves.read(h);
        assertEquals(List.of(Finding.Kind.OVERFITTING), kinds(h), "the rising validation loss is folded in: " + findings);
        Finding f = findings.get(0);
        assertEquals(0.11, f.value(), 1e-12);
        assertTrue(f.advice().contains("lowest at epoch 3 (--epochs 3)"), f.advice());
        // A gap there from the first epoch on: overfitting when the validation loss has turned up since...
        assertEquals(List.of(Finding.Kind.OVERFITTING), kinds(history(train, repeat(0.99, 5), validation,
                repeat(0.85, 5))));
        // ... not while it still falls (a steady gap).
        assertEquals(List.of(), kinds(history(train, repeat(0.99, 5), new double[] {1.1, 0.7, 0.6, 0.55, 0.5},
                repeat(0.85, 5))));
    }

    @Test
    void aValidationLossTurningUpWhileTheTrainingLossFalls() {
        History h = losses3(new double[] {0.5, 0.3, 0.2, 0.1}, new double[] {0.6, 0.4, 0.45, 0.441});
        List<Finding> findings = TrainingCurves.read(h);
        assertEquals(List.of(Finding.Kind.VALIDATION_LOSS_RISING), kinds(h), findings.toString());
        assertEquals(0.1025, findings.get(0).value(), 1e-9);
        assertTrue(findings.get(0).advice().startsWith("stop earlier (--epochs 2"), findings.get(0).advice());
        assertEquals(List.of(), kinds(losses3(new double[] {0.5, 0.3, 0.2, 0.1}, new double[] {0.6, 0.4, 0.45, 0.44})));
    }

    private static History losses3(double[] train, double[] validation) {
        return history(train, repeat(0.97, train.length), validation, repeat(0.96, train.length));
    }

    @Test
    void twoEpochsAreNotACurve() {
        assertEquals(List.of(), kinds(losses(1.0, 2.0)));
        assertEquals(List.of(), kinds(history(new double[] {2.3, 2.3}, repeat(0.1, 2), repeat(2.3, 2), repeat(0.1, 2))));
    }

    @Test
    void unmeasuredTrainingLossesAreTheEpochsMeanIterationLoss() {
        // No evaluation of the training set (a Spark fit): the iteration losses tell the rise.
        float[] iterations = {1.0f, 0.8f, 0.5f, 0.3f, 0.4f, 0.5f};
        History h = History.of(iterations, repeat(Double.NaN, 3), repeat(Double.NaN, 3), repeat(Double.NaN, 3),
                repeat(Double.NaN, 3), -1);
        assertEquals(0.4, TrainingCurves.trainLoss(h, 1), 1e-6);
        List<Finding> findings = TrainingCurves.read(h);
        assertEquals(List.of(Finding.Kind.LEARNING_RATE_TOO_HIGH), kinds(h), findings.toString());
    }

    @Test
    void historyOfSplitsTheIterationsIntoEpochsAndChecksItsArguments() {
        History h = History.of(new float[] {1, 2, 3, 4, 5, 6, 7}, repeat(1, 3), repeat(1, 3), repeat(1, 3), repeat(1, 3), 1);
        assertEquals(3, h.epochs());
        assertEquals(7, h.iterations());
        assertEquals(3, h.epochEnd(0));
        assertEquals(5, h.epochEnd(1));
        assertEquals(7, h.epochEnd(2));
        assertEquals(1, h.bestEpoch());
        assertThrows(IllegalArgumentException.class,
                () -> History.of(new float[0], repeat(1, 3), repeat(1, 2), repeat(1, 3), repeat(1, 3), -1));
        assertThrows(IllegalArgumentException.class,
                () -> History.of(new float[0], repeat(1, 3), repeat(1, 3), repeat(1, 3), repeat(1, 3), 3));
    }

    /** A run whose loss falls every epoch by 1 to 50 %, with a small steady gap, has nothing to report. */
    @Property(tries = 300)
    void aSteadilyImprovingRunHasNoFinding(@ForAll @Size(min = 3, max = 40) List<@DoubleRange(min = 0.5, max = 0.99) Double> factors,
                                           @ForAll @DoubleRange(min = 0.8, max = 1.0) double accuracy,
                                           @ForAll @DoubleRange(min = 0.0, max = 0.05) double gap,
                                           @ForAll @IntRange(min = 1, max = 30) int perEpoch) {
        int n = factors.size();
        double[] train = new double[n];
        double loss = 2.3;
        float[] iterations = new float[n * perEpoch];
        for (int e = 0; e < n; e++) {
            double next = loss * factors.get(e);
            for (int i = 0; i < perEpoch; i++) {
                iterations[e * perEpoch + i] = (float) (loss + (next - loss) * (i + 1) / perEpoch);
            }
            loss = next;
            train[e] = loss;
        }
        double[] validation = new double[n];
        for (int e = 0; e < n; e++) {
            validation[e] = train[e] * 1.05;
        }
        History h = History.of(iterations, train, repeat(accuracy, n), validation, repeat(accuracy - gap, n), -1);
        assertEquals(List.of(), TrainingCurves.read(h));
    }
}
