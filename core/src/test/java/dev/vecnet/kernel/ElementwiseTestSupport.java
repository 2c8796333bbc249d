package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;

/** Shared helpers of the elementwise tests: the two implementations, awkward lengths, data and comparisons. */
final class ElementwiseTestSupport {
    /** Written around every output window; it must survive every call. */
    static final float SENTINEL = -12345.678f;

    private ElementwiseTestSupport() {
    }

    static ElementwiseKernel scalar() {
        return new ScalarElementwise();
    }

    /** The vector implementation, or a skipped test when this JVM runs the scalar path. */
    static ElementwiseKernel vector() {
        Assumptions.assumeTrue(Kernels.path() == Kernels.Path.VECTOR,
                "the vector path is not in use: " + Kernels.describe());
        try {
            // Reflectively, so that this class never links against jdk.incubator.vector.
            var constructor = Class.forName("dev.vecnet.kernel.VectorElementwise").getDeclaredConstructor();
            return (ElementwiseKernel) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Float lanes of the vector path (8 on the scalar path, where the lengths only need to be varied). */
    static int lanes() {
        int bits = Kernels.vectorBitSize();
        return bits == 0 ? 8 : bits / 32;
    }

    /** 1, lanes - 1, lanes, lanes + 1, 2 lanes + 3 and 1000 + 3: every body/tail split. */
    static int[] lengths() {
        int l = lanes();
        return Arrays.stream(new int[] {1, l - 1, l, l + 1, 2 * l + 3, 1003}).filter(n -> n > 0).distinct().toArray();
    }

    static float[] uniform(SplittableRandom rnd, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(lo, hi);
        }
        return a;
    }

    /**
     * Random values in [-scale, scale] with special values sprinkled in: +-0, +-Inf, NaN, exact zeros
     * of both signs, subnormals and +-1.
     */
    static float[] withSpecials(SplittableRandom rnd, int n, double scale) {
        float[] a = uniform(rnd, n, -scale, scale);
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
            -Float.MIN_VALUE, 1f, -1f, 1e-30f, -1e-30f};
        for (int i = 0; i < n; i += 3) {
            a[i] = specials[rnd.nextInt(specials.length)];
        }
        return a;
    }

    /** An array of {@code off + n + 7} sentinels: an output window at {@code off} with guards both sides. */
    static float[] guarded(int off, int n) {
        float[] a = new float[off + n + 7];
        Arrays.fill(a, SENTINEL);
        return a;
    }

    /** Copies {@code src} into a new array at offset {@code off}, other elements sentinels. */
    static float[] placed(float[] src, int off) {
        float[] a = guarded(off, src.length);
        System.arraycopy(src, 0, a, off, src.length);
        return a;
    }

    /** A {@code rows x cols} matrix with leading dimension {@code ld} at {@code off}, padding as sentinels. */
    static float[] matrix(SplittableRandom rnd, int rows, int cols, int off, int ld, double lo, double hi) {
        float[] a = new float[off + Math.max(0, rows - 1) * ld + cols + 5];
        Arrays.fill(a, SENTINEL);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[off + i * ld + j] = (float) rnd.nextDouble(lo, hi);
            }
        }
        return a;
    }

    /** Room for a {@code rows x cols} matrix with leading dimension {@code ld} at {@code off}, all sentinels. */
    static float[] sentinels(int rows, int cols, int off, int ld) {
        float[] a = new float[off + Math.max(0, rows - 1) * ld + cols + 5];
        Arrays.fill(a, SENTINEL);
        return a;
    }

    /** Bit equality, NaN payloads aside. */
    static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": lengths");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + ": element " + i + " expected " + expected[i] + " (" + Integer.toHexString(
                        Float.floatToRawIntBits(expected[i])) + ") but was " + actual[i] + " ("
                        + Integer.toHexString(Float.floatToRawIntBits(actual[i])) + ")");
            }
        }
    }

    /** Every element outside {@code [off, off + n)} is still the sentinel. */
    static void assertGuards(float[] a, int off, int n, String what) {
        for (int i = 0; i < a.length; i++) {
            if ((i < off || i >= off + n) && a[i] != SENTINEL) {
                fail(what + ": element " + i + " outside the window [" + off + ", " + (off + n) + ") was written: " + a[i]);
            }
        }
    }

    /** Padding of a {@code rows x cols} matrix (between rows and after the last) is still the sentinel. */
    static void assertMatrixGuards(float[] a, int off, int ld, int rows, int cols, String what) {
        for (int i = 0; i < a.length; i++) {
            int rel = i - off;
            boolean inside = rel >= 0 && rel / ld < rows && rel % ld < cols;
            if (!inside && a[i] != SENTINEL) {
                fail(what + ": element " + i + " outside the " + rows + " x " + cols + " window was written: " + a[i]);
            }
        }
    }

    /**
     * {@code |actual - expected| <= relTol * |expected| + absTol}; NaN must match NaN and infinities must
     * match exactly.
     */
    static void assertClose(double expected, float actual, double relTol, double absTol, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected) || Float.isNaN(actual) || Float.isInfinite(actual)) {
            if (Double.isNaN(expected) && Float.isNaN(actual)) {
                return;
            }
            if ((float) expected == actual) {
                return;
            }
            fail(what + ": expected " + expected + " but was " + actual);
        }
        double err = Math.abs(actual - expected);
        if (err > relTol * Math.abs(expected) + absTol) {
            fail(what + ": expected " + expected + " but was " + actual + " (error " + err + ", relative "
                    + err / Math.abs(expected) + ")");
        }
    }
}
