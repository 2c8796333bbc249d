package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Initialisers have the documented mean, variance and range, and the same seed gives the same weights. */
class InitTest {
    private static double[] meanVariance(float[] v) {
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        double var = 0;
        for (float x : v) {
            var += (x - mean) * (x - mean);
        }
        return new double[] {mean, var / v.length};
    }

    private static float[] draw(Init init, int fanIn, int fanOut) {
        float[] w = new float[200_000];
        init.fill(w, 0, w.length, fanIn, fanOut, new SplittableRandom(9));
        return w;
    }

    @Test
    void variancesMatchTheirFormulas() {
        // With 200k samples the sample variance is within about 1 % of the true one (sd sqrt(2/n) = 0.3 %).
        assertEquals(1e-4, meanVariance(draw(Init.GAUSSIAN, 100, 50))[1], 1e-4 * 0.02);
        assertEquals(2.0 / 150, meanVariance(draw(Init.XAVIER_NORMAL, 100, 50))[1], 2.0 / 150 * 0.02);
        assertEquals(2.0 / 150, meanVariance(draw(Init.XAVIER_UNIFORM, 100, 50))[1], 2.0 / 150 * 0.02);
        assertEquals(2.0 / 100, meanVariance(draw(Init.HE_NORMAL, 100, 50))[1], 2.0 / 100 * 0.02);
        assertEquals(1.0 / 3, meanVariance(draw(Init.UNIFORM, 100, 50))[1], 1.0 / 3 * 0.02);
        assertEquals(0.0, meanVariance(draw(Init.HE_NORMAL, 100, 50))[0], 0.001);
    }

    @Test
    void uniformStaysInItsHalfOpenInterval() {
        for (float x : draw(Init.UNIFORM, 1, 1)) {
            assertTrue(x >= -1f && x < 1f, "value " + x);
        }
        float bound = (float) Math.sqrt(6.0 / 150);
        for (float x : draw(Init.XAVIER_UNIFORM, 100, 50)) {
            assertTrue(x >= -bound && x < bound, "value " + x);
        }
    }

    @Test
    void zerosAreZeros() {
        for (float x : draw(Init.ZEROS, 3, 3)) {
            assertEquals(0f, x);
        }
    }

    @Test
    void sameSeedSameNetwork() {
        Network a = Network.builder(8).dense(16).relu().dense(4).seed(42).build();
        Network b = Network.builder(8).dense(16).relu().dense(4).seed(42).build();
        Network c = Network.builder(8).dense(16).relu().dense(4).seed(43).build();
        assertArrayEquals(a.parameters().values(), b.parameters().values());
        assertTrue(!java.util.Arrays.equals(a.parameters().values(), c.parameters().values()));
    }
}
