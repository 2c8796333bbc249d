package dev.vecnet.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void constantNeverChanges() {
        LearningRateSchedule s = LearningRateSchedule.constant(0.3f);
        assertEquals(0.3f, s.rate(0, 0));
        assertEquals(0.3f, s.rate(1_000_000, 99));
    }

    @Test
    void stepDecayMultipliesEveryNEpochs() {
        LearningRateSchedule s = LearningRateSchedule.stepDecay(1f, 0.5f, 3);
        assertEquals(1f, s.rate(0, 0));
        assertEquals(1f, s.rate(50, 2));
        assertEquals(0.5f, s.rate(50, 3));
        assertEquals(0.25f, s.rate(50, 6));
        assertEquals(0.25f, s.rate(50, 8));
    }

    @Test
    void exponentialAndInverseTimeFollowTheirFormulas() {
        LearningRateSchedule e = LearningRateSchedule.exponential(0.1f, 0.2f);
        LearningRateSchedule t = LearningRateSchedule.inverseTime(0.1f, 0.2f);
        for (int epoch = 0; epoch < 20; epoch++) {
            assertEquals(0.1 * Math.exp(-0.2 * epoch), e.rate(0, epoch), 1e-7);
            assertEquals(0.1 / (1 + 0.2 * epoch), t.rate(0, epoch), 1e-7);
        }
        assertEquals(0.05f, t.rate(0, 5), 1e-8);
    }

    @Test
    void cosineGoesFromStartToMinAndStays() {
        LearningRateSchedule s = LearningRateSchedule.cosine(1f, 0.1f, 100);
        assertEquals(1f, s.rate(0, 0), 1e-7);
        assertEquals(0.55f, s.rate(50, 0), 1e-6);
        assertEquals(0.1f, s.rate(100, 0), 1e-7);
        assertEquals(0.1f, s.rate(500, 0), 1e-7);
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.rate(25, 0), 1e-6);
    }

    @Test
    void warmupRampsLinearlyThenHandsOver() {
        LearningRateSchedule s = LearningRateSchedule.warmup(4, LearningRateSchedule.cosine(1f, 0f, 10));
        assertEquals(0.25f, s.rate(0, 0), 1e-7);
        assertEquals(0.5f, s.rate(1, 0), 1e-7);
        assertEquals(1f, s.rate(3, 0), 1e-7);
        assertEquals(1f, s.rate(4, 0), 1e-7);
        assertEquals(0.5f, s.rate(9, 0), 1e-6);
        assertEquals(0f, s.rate(14, 0), 1e-7);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(-1f));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(1f, 0.5f, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1f, 0f, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmup(0, LearningRateSchedule.constant(1f)));
    }
}
