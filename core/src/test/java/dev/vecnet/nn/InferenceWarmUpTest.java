package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link InferenceContext#warmUp}: bounded by its pass count and its time, and without side effects on results. */
class InferenceWarmUpTest {
    private static Network net() {
        return Network.builder(20).dense(32).relu().dense(16).relu().dense(5).maxBatch(8).seed(3).build();
    }

    @Test
    void runsExactlyThePassesAskedForWithinABudgetLargeEnough() {
        InferenceContext ctx = net().newInferenceContext(8);
        assertEquals(0, ctx.warmUp(Duration.ofSeconds(10), 0));
        assertEquals(37, ctx.warmUp(Duration.ofSeconds(10), 37));
    }

    @Test
    void stopsWhenTheBudgetIsSpent() {
        InferenceContext ctx = net().newInferenceContext(8);
        assertEquals(0, ctx.warmUp(Duration.ZERO, 1_000_000));
        long passes = ctx.warmUp(Duration.ofMillis(50), Long.MAX_VALUE);
        assertTrue(passes > 0 && passes < Long.MAX_VALUE, "passes " + passes);
    }

    @Test
    void leavesParametersAndResultsUnchanged() {
        Network net = net();
        float[] x = new float[8 * 20];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) * 0.25f - 0.75f;
        }
        float[] before = net.newInferenceContext(8).predict(x, 0, 8);
        float[] params = net.parameters().values().clone();
        InferenceContext ctx = net.newInferenceContext(8);
        ctx.warmUp(Duration.ofSeconds(10), 200);
        assertArrayEquals(params, net.parameters().values());
        assertArrayEquals(before, ctx.predict(x, 0, 8));
    }

    @Test
    void refusesANegativeBudgetOrPassCount() {
        InferenceContext ctx = net().newInferenceContext(1);
        assertThrows(IllegalArgumentException.class, () -> ctx.warmUp(Duration.ofMillis(-1), 10));
        assertThrows(IllegalArgumentException.class, () -> ctx.warmUp(Duration.ofSeconds(1), -1));
        assertThrows(IllegalArgumentException.class, () -> ctx.warmUp(null, 1));
    }
}
