package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@link InferenceContext#warmUp}: bounded by its pass count and by its time budget (checked on a clock the test
 * controls, so that no assertion depends on how fast this machine is), and without side effects on results.
 */
class InferenceWarmUpTest {
    private static Network net() {
        return Network.builder(20).dense(32).relu().dense(16).relu().dense(5).maxBatch(8).seed(3).build();
    }

    @Test
    void runsExactlyThePassesAskedForWhileTheBudgetLasts() {
        InferenceContext ctx = net().newInferenceContext(8);
        LongSupplier stopped = () -> 0L; // time does not pass: only the pass count can end the warm-up
        assertEquals(0, ctx.warmUp(Duration.ofNanos(1), 0, stopped));
        assertEquals(37, ctx.warmUp(Duration.ofNanos(1), 37, stopped));
        assertEquals(5, ctx.warmUp(Duration.ofDays(1), 5, stopped));
    }

    @Test
    void stopsOnceTheBudgetIsSpentWhateverThePassLimit() {
        InferenceContext ctx = net().newInferenceContext(8);
        // Each reading of the clock is 1 us after the last: start at 0, deadline 10 us, passes while the
        // reading before each is 1..9 us, the tenth reading (10 us) ends it.
        AtomicLong reads = new AtomicLong();
        LongSupplier ticking = () -> reads.getAndIncrement() * 1_000L;
        assertEquals(9, ctx.warmUp(Duration.ofNanos(10_000), Long.MAX_VALUE, ticking));
        assertEquals(11, reads.get(), "one reading at the start and one before each pass, the last one ending it");
        reads.set(0);
        assertEquals(0, ctx.warmUp(Duration.ofNanos(1), Long.MAX_VALUE, ticking), "a budget shorter than a tick");
        // The public method on the real clock: a zero budget runs nothing, however many passes are allowed.
        assertEquals(0, ctx.warmUp(Duration.ZERO, 1_000_000));
        assertEquals(0, ctx.warmUp(Duration.ZERO, Long.MAX_VALUE));
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
        assertEquals(200, ctx.warmUp(Duration.ofNanos(1), 200, () -> 0L));
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
