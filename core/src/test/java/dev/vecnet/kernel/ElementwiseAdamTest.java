package dev.vecnet.kernel;

import static dev.vecnet.kernel.ElementwiseTestSupport.assertClose;
import static dev.vecnet.kernel.ElementwiseTestSupport.assertSameBits;
import static dev.vecnet.kernel.ElementwiseTestSupport.lengths;
import static dev.vecnet.kernel.ElementwiseTestSupport.scalar;
import static dev.vecnet.kernel.ElementwiseTestSupport.uniform;
import static dev.vecnet.kernel.ElementwiseTestSupport.vector;
import static dev.vecnet.kernel.ElementwiseTestSupport.withSpecials;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused Adam update: the scalar path against the update computed in double, the vector path against the
 * scalar path bit for bit at every body/tail split, with an offset, special values in the gradients and
 * moments, AdamW's shrink, and the elements outside the range untouched.
 */
class ElementwiseAdamTest {
    private static final int OFF = 3;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    /** Step 7 of lr 1e-3 with PyTorch's bias corrections. */
    private static final float STEP_SIZE = (float) (1e-3 / (1 - Math.pow(BETA1, 7)));
    private static final float CORRECTION2_SQRT = (float) Math.sqrt(1 - Math.pow(BETA2, 7));

    /** w, g, m, v of length {@code OFF + n + OFF}, the same sequence for the same seed. */
    private static float[][] arrays(long seed, int n, boolean specials) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int length = OFF + n + OFF;
        float[] w = uniform(rnd, length, -1, 1);
        float[] g = specials ? withSpecials(rnd, length, 2) : uniform(rnd, length, -2, 2);
        float[] m = uniform(rnd, length, -0.5, 0.5);
        float[] v = uniform(rnd, length, 0, 0.5);
        return new float[][] {w, g, m, v};
    }

    private static float[][] copy(float[][] a) {
        return Arrays.stream(a).map(float[]::clone).toArray(float[][]::new);
    }

    private static void run(ElementwiseKernel k, int n, float shrink, float[][] a) {
        k.adam(n, BETA1, BETA2, STEP_SIZE, CORRECTION2_SQRT, EPS, shrink, a[0], a[1], a[2], a[3], OFF);
    }

    @Test
    void scalarPathIsTheUpdateInDouble() {
        int n = 1003;
        float[][] before = arrays(11, n, false);
        float[][] after = copy(before);
        float shrink = 1f - 1e-3f * 0.01f;
        run(scalar(), n, shrink, after);
        for (int i = OFF; i < OFF + n; i++) {
            double g = before[1][i];
            double m = BETA1 * (double) before[2][i] + (1 - (double) BETA1) * g;
            double v = BETA2 * (double) before[3][i] + (1 - (double) BETA2) * g * g;
            double w = before[0][i] * (double) shrink - STEP_SIZE * m / (Math.sqrt(v) / CORRECTION2_SQRT + EPS);
            assertClose(m, after[2][i], 1e-6, 1e-7, "m[" + i + "]");
            assertClose(v, after[3][i], 1e-6, 1e-7, "v[" + i + "]");
            assertClose(w, after[0][i], 1e-6, 1e-7, "w[" + i + "]");
        }
        assertSameBits(before[1], after[1], "the gradients are read only");
    }

    @Test
    void vectorPathHasTheScalarBits() {
        ElementwiseKernel vector = vector();
        for (boolean specials : new boolean[] {false, true}) {
            for (float shrink : new float[] {1f, 0.99999f}) {
                for (int n : lengths()) {
                    float[][] expected = arrays(n, n, specials);
                    float[][] actual = copy(expected);
                    run(scalar(), n, shrink, expected);
                    run(vector, n, shrink, actual);
                    String what = "n=" + n + ", specials " + specials + ", shrink " + shrink;
                    for (int a = 0; a < 4; a++) {
                        assertSameBits(expected[a], actual[a], "array " + "wgmv".charAt(a) + ", " + what);
                    }
                }
            }
        }
    }

    @Test
    void elementsOutsideTheRangeAreNotTouched() {
        for (ElementwiseKernel k : new ElementwiseKernel[] {scalar(), kernelInUse()}) {
            int n = 37;
            float[][] before = arrays(5, n, false);
            float[][] after = copy(before);
            run(k, n, 1f, after);
            for (int a = 0; a < 4; a++) {
                for (int i = 0; i < OFF; i++) {
                    assertEquals(before[a][i], after[a][i], "before the range");
                    assertEquals(before[a][OFF + n + i], after[a][OFF + n + i], "after the range");
                }
            }
        }
    }

    private static ElementwiseKernel kernelInUse() {
        return Kernels.path() == Kernels.Path.VECTOR ? vector() : scalar();
    }
}
