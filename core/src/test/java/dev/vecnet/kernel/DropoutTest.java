package dev.vecnet.kernel;

import static dev.vecnet.kernel.ElementwiseTestSupport.assertGuards;
import static dev.vecnet.kernel.ElementwiseTestSupport.assertSameBits;
import static dev.vecnet.kernel.ElementwiseTestSupport.guarded;
import static dev.vecnet.kernel.ElementwiseTestSupport.lengths;
import static dev.vecnet.kernel.ElementwiseTestSupport.placed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Inverted dropout: the kept fraction is 1 - p within a statistical bound, mask values are 0 or
 * exactly {@code 1f / (1f - p)}, {@code y = x * mask}, the mask is a function of (seed, counter + i)
 * only (same on both paths, for any split of the array, across the 2^32 carry of the counter), and
 * different seeds or counters give different masks.
 */
class DropoutTest {
    private static List<ElementwiseKernel> kernels() {
        return Kernels.path() == Kernels.Path.VECTOR
                ? List.of(ElementwiseTestSupport.scalar(), ElementwiseTestSupport.vector())
                : List.of(ElementwiseTestSupport.scalar());
    }

    private record Result(float[] mask, float[] y) {
    }

    private static Result run(ElementwiseKernel k, int n, float p, long seed, long counter, float[] x) {
        float[] xs = placed(x, 3);
        float[] mask = guarded(1, n);
        float[] y = guarded(4, n);
        k.dropout(n, p, seed, counter, xs, 3, mask, 1, y, 4);
        assertSameBits(placed(x, 3), xs, "dropout input");
        assertGuards(mask, 1, n, "mask");
        assertGuards(y, 4, n, "y");
        return new Result(Arrays.copyOfRange(mask, 1, 1 + n), Arrays.copyOfRange(y, 4, 4 + n));
    }

    private static float[] data(int n) {
        return ElementwiseTestSupport.withSpecials(new SplittableRandom(n), n, 5);
    }

    @Test
    void keptFractionIsOneMinusP() {
        int n = 200_000;
        float[] x = new float[n];
        Arrays.fill(x, 1f);
        for (ElementwiseKernel k : kernels()) {
            for (float p : new float[] {0.1f, 0.3f, 0.5f, 0.9f}) {
                Result r = run(k, n, p, 42L, 1000L, x);
                long kept = 0;
                long keptPairs = 0;
                for (int i = 0; i < n; i++) {
                    if (r.mask()[i] != 0f) {
                        kept++;
                        if (i > 0 && r.mask()[i - 1] != 0f) {
                            keptPairs++;
                        }
                    }
                }
                // Binomial(n, 1 - p): 6 standard deviations.
                double q = 1 - DropoutHash.threshold(p) / 16777216.0;
                double sd = Math.sqrt(n * q * (1 - q));
                assertEquals(n * q, kept, 6 * sd, "kept count at p = " + p);
                // Neighbours are independent: both kept with probability q^2.
                double pairSd = Math.sqrt(n * q * q * (1 - q * q));
                assertEquals((n - 1) * q * q, keptPairs, 6 * pairSd, "kept neighbour pairs at p = " + p);
            }
        }
    }

    @Test
    void maskIsZeroOrTheKeepScaleAndOutputIsTheProduct() {
        for (ElementwiseKernel k : kernels()) {
            for (float p : new float[] {0.2f, 0.5f, 0.75f, 0.999f}) {
                int n = 1003;
                float[] x = data(n);
                Result r = run(k, n, p, 7L, 0L, x);
                float keep = 1f / (1f - p);
                for (int i = 0; i < n; i++) {
                    float m = r.mask()[i];
                    assertTrue(m == 0f || m == keep, "mask value " + m + " at p = " + p);
                    assertEquals(Float.floatToIntBits(x[i] * m), Float.floatToIntBits(r.y()[i]), "y = x * mask");
                }
            }
        }
    }

    @Test
    void zeroProbabilityKeepsEverything() {
        for (ElementwiseKernel k : kernels()) {
            int n = 2 * ElementwiseTestSupport.lanes() + 3;
            float[] x = data(n);
            Result r = run(k, n, 0f, 3L, 99L, x);
            for (int i = 0; i < n; i++) {
                assertEquals(1f, r.mask()[i]);
                assertEquals(Float.floatToIntBits(x[i] * 1f), Float.floatToIntBits(r.y()[i]));
            }
        }
    }

    @Test
    void sameSeedAndCounterGiveTheSameMaskOnEveryPath() {
        ElementwiseKernel scalar = ElementwiseTestSupport.scalar();
        for (int n : lengths()) {
            float[] x = data(n);
            Result first = run(scalar, n, 0.4f, 11L, 5L, x);
            Result again = run(scalar, n, 0.4f, 11L, 5L, x);
            assertSameBits(first.mask(), again.mask(), "repeat");
            if (Kernels.path() == Kernels.Path.VECTOR) {
                Result vector = run(ElementwiseTestSupport.vector(), n, 0.4f, 11L, 5L, x);
                assertSameBits(first.mask(), vector.mask(), "vector mask n=" + n);
                assertSameBits(first.y(), vector.y(), "vector y n=" + n);
            }
        }
    }

    @Test
    void differentCounterOrSeedGivesADifferentMask() {
        for (ElementwiseKernel k : kernels()) {
            int n = 256;
            float[] x = data(n);
            Result base = run(k, n, 0.5f, 1L, 0L, x);
            for (Result other : new Result[] {run(k, n, 0.5f, 1L, n, x), run(k, n, 0.5f, 2L, 0L, x),
                run(k, n, 0.5f, 1L << 32, 0L, x), run(k, n, 0.5f, 1L, 1L << 32, x)}) {
                int differ = 0;
                for (int i = 0; i < n; i++) {
                    if (base.mask()[i] != other.mask()[i]) {
                        differ++;
                    }
                }
                // Independent masks differ in about half the places.
                assertTrue(differ > n / 4 && differ < 3 * n / 4, differ + " of " + n + " differ");
            }
        }
    }

    /** Element i depends on counter + i only: a call split in two with the counter advanced gives the same mask. */
    @Test
    void maskDependsOnlyOnCounterPlusIndex() {
        for (ElementwiseKernel k : kernels()) {
            for (long counter : new long[] {0L, 12345L, (1L << 32) - 5, -3L}) {
                int n = 1003;
                float[] x = data(n);
                Result whole = run(k, n, 0.3f, 99L, counter, x);
                for (int split : new int[] {1, 7, 500}) {
                    Result head = run(k, split, 0.3f, 99L, counter, Arrays.copyOfRange(x, 0, split));
                    Result tail = run(k, n - split, 0.3f, 99L, counter + split, Arrays.copyOfRange(x, split, n));
                    assertSameBits(Arrays.copyOfRange(whole.mask(), 0, split), head.mask(), "head");
                    assertSameBits(Arrays.copyOfRange(whole.mask(), split, n), tail.mask(), "tail");
                }
                if (Kernels.path() == Kernels.Path.VECTOR) {
                    Result scalar = run(ElementwiseTestSupport.scalar(), n, 0.3f, 99L, counter, x);
                    assertSameBits(scalar.mask(), whole.mask(), "paths across the counter's carry");
                }
            }
        }
    }

    @Test
    void inPlaceEqualsSeparateOutput() {
        for (ElementwiseKernel k : kernels()) {
            int n = 3 * ElementwiseTestSupport.lanes() + 1;
            float[] x = data(n);
            Result separate = run(k, n, 0.25f, 8L, 16L, x);
            float[] self = x.clone();
            float[] mask = new float[n];
            k.dropout(n, 0.25f, 8L, 16L, self, 0, mask, 0, self, 0);
            assertSameBits(separate.y(), self, "dropout in place");
            assertSameBits(separate.mask(), mask, "mask in place");
            assertFalse(Arrays.equals(self, x), "something was dropped");
        }
    }
}
