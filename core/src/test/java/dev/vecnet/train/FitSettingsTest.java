package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.optim.LearningRateSchedule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The shared settings: defaults, checks, and handing a value to a trainer's builder. */
class FitSettingsTest {
    private static final Dataset VALIDATION = Dataset.ofLabels(new float[] {1, 2}, 1, new int[] {0, 1}, 2);

    @Test
    void defaults() {
        FitSettings s = FitSettings.builder().build();
        assertEquals(10, s.epochs());
        assertEquals(32, s.batchSize());
        assertEquals(0, s.seed());
        assertNull(s.schedule());
        assertNull(s.validation());
        assertNull(s.earlyStopping());
        assertEquals(100, s.explosionFactor());
    }

    @Test
    void eachSetterChecksItsArgumentOnce() {
        assertThrows(IllegalArgumentException.class, () -> FitSettings.builder().epochs(0));
        assertThrows(IllegalArgumentException.class, () -> FitSettings.builder().batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> FitSettings.builder().explosionFactor(1));
        // the trainers inherit the same checks
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().epochs(-1));
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().explosionFactor(Double.NaN));
    }

    @Test
    void earlyStoppingNeedsAValidationSet() {
        EarlyStopping rule = new EarlyStopping(EarlyStopping.Monitor.VALIDATION_LOSS, 2, true);
        assertThrows(IllegalStateException.class, () -> FitSettings.builder().earlyStopping(rule).build());
        assertThrows(IllegalStateException.class, () -> Trainer.builder().earlyStopping(rule).build());
        assertSame(rule, FitSettings.builder().earlyStopping(rule).validation(VALIDATION).build().earlyStopping());
    }

    @Test
    void aValueHandedToABuilderReplacesEverySharedSetting() {
        LearningRateSchedule schedule = (iteration, epoch) -> 0.5f;
        EarlyStopping rule = new EarlyStopping(EarlyStopping.Monitor.VALIDATION_ACCURACY, 3, false);
        FitSettings value = FitSettings.builder().epochs(7).batchSize(5).seed(42).schedule(schedule)
                .validation(VALIDATION).earlyStopping(rule).explosionFactor(7.5).build();
        FitSettings copied = FitSettings.builder().epochs(99).settings(value).build();
        assertEquals(7, copied.epochs());
        assertEquals(5, copied.batchSize());
        assertEquals(42, copied.seed());
        assertSame(schedule, copied.schedule());
        assertSame(VALIDATION, copied.validation());
        assertSame(rule, copied.earlyStopping());
        assertEquals(7.5, copied.explosionFactor());
    }
}
