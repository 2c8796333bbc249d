package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The vector path's exp, tanh, sigmoid and ELU (expm1) against the exact functions computed in
 * double, over the whole float range: 2^24 bit patterns spread over every exponent and mantissa,
 * and a dense grid of [-100, 100]. Results in the normal range must be within the documented
 * relative bounds, results below {@link Float#MIN_NORMAL} within one {@link Float#MIN_VALUE};
 * overflow, underflow, infinities, NaN and signed zeros must come out as documented. Also checks
 * that the scalar twins in {@link VectorMath} (the vector kernels' tails) equal the vector lanes.
 */
class VectorMathAccuracyTest {
    /**
     * Documented maximum relative errors of the vector path for normal results (see {@link Elementwise}),
     * found by running the sweep below over all 2^32 floats once; the sweep here checks a 1/256 sample.
     */
    static final double EXP_BOUND = 7.4e-8;
    static final double TANH_BOUND = 1.8e-7;
    static final double SIGMOID_BOUND = 1.8e-7;
    static final double EXPM1_BOUND = 9.0e-8;
    /** Absolute error allowed where the exact result is below the normal range. */
    static final double SUBNORMAL_ABS = 0.9 * Float.MIN_VALUE;

    private static final int CHUNK = 1 << 16;

    /** One function: the kernel under test and the exact value in double. */
    private interface Kernel {
        void run(ElementwiseKernel k, int n, float[] x, float[] y);
    }

    private static final String[] NAMES = {"exp", "tanh", "sigmoid", "elu(alpha=1)"};
    private static final Kernel[] KERNELS = {
        (k, n, x, y) -> k.exp(n, x, 0, y, 0),
        (k, n, x, y) -> k.tanh(n, x, 0, y, 0),
        (k, n, x, y) -> k.sigmoid(n, x, 0, y, 0),
        (k, n, x, y) -> k.elu(n, 1f, x, 0, y, 0),
    };
    private static final DoubleUnaryOperator[] EXACT = {
        Math::exp,
        Math::tanh,
        x -> 1 / (1 + Math.exp(-x)),
        x -> x > 0 ? x : Math.expm1(x),
    };
    private static final double[] BOUNDS = {EXP_BOUND, TANH_BOUND, SIGMOID_BOUND, EXPM1_BOUND};

    /** Accumulates the worst errors of one function over many chunks. */
    private static final class Worst {
        double relative;
        float relativeAt;
        double subnormal;
        long count;

        void check(String name, DoubleUnaryOperator exact, double bound, float[] x, float[] y, int n) {
            for (int i = 0; i < n; i++) {
                count++;
                double e = exact.applyAsDouble(x[i]);
                float got = y[i];
                if (Double.isNaN(e)) {
                    if (!Float.isNaN(got)) {
                        fail(name + "(" + x[i] + ") should be NaN, was " + got);
                    }
                    continue;
                }
                if (e > Float.MAX_VALUE || e < -Float.MAX_VALUE) {
                    // Rounds to an infinity, or to +-MAX_VALUE just below the rounding boundary.
                    if ((float) e != got && Math.abs(got) != Float.MAX_VALUE) {
                        fail(name + "(" + x[i] + ") should overflow to " + (float) e + ", was " + got);
                    }
                    continue;
                }
                double err = Math.abs(got - e);
                if (Math.abs(e) < Float.MIN_NORMAL) {
                    subnormal = Math.max(subnormal, err);
                    if (err > SUBNORMAL_ABS) {
                        fail(name + "(" + x[i] + ") = " + got + ", exact " + e + ": error " + err + " above "
                                + SUBNORMAL_ABS + " in the subnormal range");
                    }
                    continue;
                }
                double rel = err / Math.abs(e);
                if (rel > relative) {
                    relative = rel;
                    relativeAt = x[i];
                }
                if (rel > bound) {
                    fail(String.format(Locale.ROOT, "%s(%s) = %s, exact %s: relative error %.3e above the bound %.3e",
                            name, x[i], got, e, rel, bound));
                }
            }
        }

        String report(String name) {
            return String.format(Locale.ROOT, "%-13s max relative error %.3e (%.2f ulp of 1) at x = %s; subnormal "
                    + "max abs error %.2f MIN_VALUE; %d points", name, relative, relative / Math.ulp(1f), relativeAt,
                    subnormal / Float.MIN_VALUE, count);
        }
    }

    @Test
    void sweepOfTheWholeFloatRange() {
        ElementwiseKernel vector = ElementwiseTestSupport.vector();
        float[] x = new float[CHUNK];
        float[] y = new float[CHUNK];
        Worst[] worst = {new Worst(), new Worst(), new Worst(), new Worst()};
        // 2^24 patterns: every value of the top 24 bits (sign, exponent, high mantissa), low 8 bits varied.
        for (int start = 0; start < (1 << 24); start += CHUNK) {
            for (int i = 0; i < CHUNK; i++) {
                int k = start + i;
                x[i] = Float.intBitsToFloat((k << 8) | ((k * 151) & 0xFF));
            }
            runAll(vector, x, y, CHUNK, worst);
        }
        // Dense grid of [-100, 100]: 2^22 points, spacing about 5e-5.
        for (int start = 0; start < (1 << 22); start += CHUNK) {
            for (int i = 0; i < CHUNK; i++) {
                x[i] = (float) (-100 + 200.0 * (start + i) / (1 << 22));
            }
            runAll(vector, x, y, CHUNK, worst);
        }
        for (int f = 0; f < NAMES.length; f++) {
            System.out.println("[VectorMathAccuracyTest] " + Kernels.describe() + ": " + worst[f].report(NAMES[f]));
        }
    }

    private static void runAll(ElementwiseKernel vector, float[] x, float[] y, int n, Worst[] worst) {
        for (int f = 0; f < NAMES.length; f++) {
            KERNELS[f].run(vector, n, x, y);
            worst[f].check(NAMES[f], EXACT[f], BOUNDS[f], x, y, n);
        }
    }

    /** The scalar twins that finish each vector loop equal the vector lanes bit for bit. */
    @Test
    void scalarTwinsEqualTheVectorLanes() {
        ElementwiseKernel vector = ElementwiseTestSupport.vector();
        float[] x = new float[CHUNK];
        float[] y = new float[CHUNK];
        int lanes = ElementwiseTestSupport.lanes();
        int n = CHUNK / lanes * lanes;
        for (int start = 0; start < (1 << 22); start += n) {
            for (int i = 0; i < n; i++) {
                int k = start + i;
                x[i] = Float.intBitsToFloat((k << 10) | ((k * 613) & 0x3FF));
            }
            vector.exp(n, x, 0, y, 0);
            for (int i = 0; i < n; i++) {
                sameBits("exp", x[i], y[i], VectorMath.exp(x[i]));
            }
            vector.tanh(n, x, 0, y, 0);
            for (int i = 0; i < n; i++) {
                sameBits("tanh", x[i], y[i], VectorMath.tanh(x[i]));
            }
            vector.sigmoid(n, x, 0, y, 0);
            for (int i = 0; i < n; i++) {
                sameBits("sigmoid", x[i], y[i], VectorMath.sigmoid(x[i]));
            }
            vector.elu(n, 1f, x, 0, y, 0);
            for (int i = 0; i < n; i++) {
                sameBits("elu", x[i], y[i], x[i] > 0f ? x[i] : VectorMath.expm1NonPositive(x[i]) * 1f);
            }
        }
    }

    private static void sameBits(String name, float x, float vector, float twin) {
        if (Float.floatToIntBits(vector) != Float.floatToIntBits(twin)) {
            fail(name + "(" + x + "): vector lane " + vector + ", scalar twin " + twin);
        }
    }

    @Test
    void specialValues() {
        ElementwiseKernel vector = ElementwiseTestSupport.vector();
        float inf = Float.POSITIVE_INFINITY;
        float nan = Float.NaN;
        // exp: overflow just above ln(MAX_VALUE) = 88.72284, underflow to subnormals, then to zero.
        expect(vector, 0, new float[] {89f, 88.7229f, 1000f, inf, -inf, nan, 0f, -0f, -104f, -1000f},
                new float[] {inf, inf, inf, inf, 0f, nan, 1f, 1f, 0f, 0f});
        float[] nearMax = new float[] {88.7228f, 88.72f};
        float[] nearMaxOut = run(vector, 0, nearMax);
        for (int i = 0; i < nearMax.length; i++) {
            assertTrue(nearMaxOut[i] < inf && nearMaxOut[i] > 3.3e38f, "exp(" + nearMax[i] + ") = " + nearMaxOut[i]);
        }
        float[] sub = run(vector, 0, new float[] {-90f, -100f, -103.9f});
        for (int i = 0; i < sub.length; i++) {
            assertTrue(sub[i] > 0f && sub[i] < Float.MIN_NORMAL, "exp gives subnormals, got " + sub[i]);
        }
        // tanh: odd, signed zeros kept, saturates.
        expect(vector, 1, new float[] {0f, -0f, inf, -inf, nan, 20f, -20f, 1e-30f, -1e-30f, Float.MIN_VALUE},
                new float[] {0f, -0f, 1f, -1f, nan, 1f, -1f, 1e-30f, -1e-30f, Float.MIN_VALUE});
        // sigmoid.
        expect(vector, 2, new float[] {inf, -inf, nan, 0f, -0f, 100f, -200f},
                new float[] {1f, 0f, nan, 0.5f, 0.5f, 1f, 0f});
        // elu with alpha 1.
        expect(vector, 3, new float[] {inf, -inf, nan, 0f, -0f, -100f, 3f},
                new float[] {inf, -1f, nan, 0f, 0f, -1f, 3f});
    }

    private static float[] run(ElementwiseKernel vector, int f, float[] values) {
        int lanes = ElementwiseTestSupport.lanes();
        // Each value fills a whole vector and a tail element, so both code paths see it.
        float[] x = new float[values.length * (lanes + 1)];
        for (int i = 0; i < x.length; i++) {
            x[i] = values[i % values.length];
        }
        float[] y = new float[x.length];
        KERNELS[f].run(vector, x.length, x, y);
        for (int i = values.length; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(y[i % values.length]), Float.floatToIntBits(y[i]),
                    NAMES[f] + "(" + x[i] + ") depends on its position");
        }
        float[] out = new float[values.length];
        System.arraycopy(y, 0, out, 0, values.length);
        return out;
    }

    private static void expect(ElementwiseKernel vector, int f, float[] values, float[] expected) {
        float[] got = run(vector, f, values);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(got[i]),
                    NAMES[f] + "(" + values[i] + ") expected " + expected[i] + " but was " + got[i]);
        }
    }
}
