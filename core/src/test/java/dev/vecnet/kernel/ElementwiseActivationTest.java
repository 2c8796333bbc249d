package dev.vecnet.kernel;

import static dev.vecnet.kernel.ElementwiseTestSupport.assertClose;
import static dev.vecnet.kernel.ElementwiseTestSupport.assertGuards;
import static dev.vecnet.kernel.ElementwiseTestSupport.assertSameBits;
import static dev.vecnet.kernel.ElementwiseTestSupport.guarded;
import static dev.vecnet.kernel.ElementwiseTestSupport.lanes;
import static dev.vecnet.kernel.ElementwiseTestSupport.lengths;
import static dev.vecnet.kernel.ElementwiseTestSupport.placed;
import static dev.vecnet.kernel.ElementwiseTestSupport.withSpecials;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pointwise kernels (activations, their gradients, exp, multiply, scale, axpy): the scalar path
 * against the formula in double, the vector path against the scalar path (bit for bit where the
 * operations are the same, within the documented error for the exponential family) at every
 * body/tail split, with offsets, guard sentinels around outputs, unchanged inputs, and in-place calls.
 */
class ElementwiseActivationTest {
    private static final int IN_OFF = 3;
    private static final int OUT_OFF = 5;
    private static final float ALPHA = 1.3f;
    private static final float SLOPE = 0.01f;

    /** Runs one kernel: inputs each at {@code inOff}, the output at {@code outOff}. */
    interface Op {
        void run(ElementwiseKernel k, int n, float[][] in, int inOff, float[] out, int outOff);
    }

    /** The exact value of one element from its inputs. */
    interface Formula {
        double at(float[] args);
    }

    /**
     * One kernel: exact cases must equal the float formula bit for bit on the scalar path and on the
     * vector path; the others must be within relTol (scalar) or vectorRelTol (vector) of the double
     * formula, plus absTol for results near the subnormal range.
     */
    record Case(String name, int arity, double scale, Op op, Formula formula, boolean exact, double relTol,
                double vectorRelTol, double absTol) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        double ulp = Math.ulp(1f);
        double subnormal = Float.MIN_VALUE;
        return List.of(
            new Case("relu", 1, 10, (k, n, in, io, out, oo) -> k.relu(n, in[0], io, out, oo),
                a -> a[0] < 0f ? 0f : a[0], true, 0, 0, 0),
            new Case("reluBackward", 2, 10, (k, n, in, io, out, oo) -> k.reluBackward(n, in[0], io, in[1], io, out, oo),
                a -> a[0] > 0f ? a[1] : 0f, true, 0, 0, 0),
            new Case("leakyRelu", 1, 10, (k, n, in, io, out, oo) -> k.leakyRelu(n, SLOPE, in[0], io, out, oo),
                a -> a[0] < 0f ? a[0] * SLOPE : a[0], true, 0, 0, 0),
            new Case("leakyReluNegativeSlope", 1, 10, (k, n, in, io, out, oo) -> k.leakyRelu(n, -0.5f, in[0], io, out, oo),
                a -> a[0] < 0f ? a[0] * -0.5f : a[0], true, 0, 0, 0),
            new Case("leakyReluBackward", 2, 10,
                (k, n, in, io, out, oo) -> k.leakyReluBackward(n, SLOPE, in[0], io, in[1], io, out, oo),
                a -> a[0] > 0f ? a[1] : a[1] * SLOPE, true, 0, 0, 0),
            new Case("eluBackward", 3, 10,
                (k, n, in, io, out, oo) -> k.eluBackward(n, ALPHA, in[0], io, in[1], io, in[2], io, out, oo),
                a -> a[0] > 0f ? a[2] : a[2] * (a[1] + ALPHA), true, 0, 0, 0),
            new Case("sigmoidBackward", 2, 2,
                (k, n, in, io, out, oo) -> k.sigmoidBackward(n, in[0], io, in[1], io, out, oo),
                a -> a[1] * a[0] * (1f - a[0]), true, 0, 0, 0),
            new Case("tanhBackward", 2, 2,
                (k, n, in, io, out, oo) -> k.tanhBackward(n, in[0], io, in[1], io, out, oo),
                a -> a[1] * (1f - a[0] * a[0]), true, 0, 0, 0),
            new Case("multiply", 2, 10, (k, n, in, io, out, oo) -> k.multiply(n, in[0], io, in[1], io, out, oo),
                a -> a[0] * a[1], true, 0, 0, 0),
            new Case("exp", 1, 110, (k, n, in, io, out, oo) -> k.exp(n, in[0], io, out, oo),
                a -> Math.exp(a[0]), false, 0.5 * ulp, VectorMathAccuracyTest.EXP_BOUND, subnormal),
            new Case("tanh", 1, 12, (k, n, in, io, out, oo) -> k.tanh(n, in[0], io, out, oo),
                a -> Math.tanh(a[0]), false, 0.5 * ulp, VectorMathAccuracyTest.TANH_BOUND, 0),
            new Case("sigmoid", 1, 110, (k, n, in, io, out, oo) -> k.sigmoid(n, in[0], io, out, oo),
                a -> 1 / (1 + Math.exp(-(double) a[0])), false, 0.51 * ulp, VectorMathAccuracyTest.SIGMOID_BOUND,
                subnormal),
            new Case("elu", 1, 20, (k, n, in, io, out, oo) -> k.elu(n, ALPHA, in[0], io, out, oo),
                a -> a[0] > 0f ? a[0] : ALPHA * Math.expm1(a[0]), false, 1.01 * ulp,
                VectorMathAccuracyTest.EXPM1_BOUND + 0.5 * ulp, subnormal));
    }

    /** Applies a case's kernel; checks guards and unchanged inputs; returns the output window. */
    private static float[] apply(ElementwiseKernel k, Case c, float[][] inputs) {
        int n = inputs[0].length;
        float[][] placedInputs = new float[c.arity()][];
        for (int a = 0; a < c.arity(); a++) {
            placedInputs[a] = placed(inputs[a], IN_OFF);
        }
        float[] out = guarded(OUT_OFF, n);
        c.op().run(k, n, placedInputs, IN_OFF, out, OUT_OFF);
        assertGuards(out, OUT_OFF, n, c.name());
        for (int a = 0; a < c.arity(); a++) {
            assertSameBits(placed(inputs[a], IN_OFF), placedInputs[a], c.name() + ": input " + a + " changed");
        }
        return Arrays.copyOfRange(out, OUT_OFF, OUT_OFF + n);
    }

    private static float[][] inputs(Case c, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] in = new float[c.arity()][];
        for (int a = 0; a < c.arity(); a++) {
            in[a] = withSpecials(rnd, n, c.scale());
        }
        return in;
    }

    private static void checkAgainstFormula(Case c, float[][] in, float[] out, double relTol, String path) {
        float[] args = new float[c.arity()];
        for (int i = 0; i < out.length; i++) {
            for (int a = 0; a < c.arity(); a++) {
                args[a] = in[a][i];
            }
            String what = c.name() + " " + path + " at " + Arrays.toString(args);
            if (c.exact()) {
                assertSameBits(new float[] {(float) c.formula().at(args)}, new float[] {out[i]}, what);
            } else {
                assertClose(c.formula().at(args), out[i], relTol, c.absTol(), what);
            }
        }
    }

    static Stream<Case> allCases() {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void scalarPathMatchesTheFormula(Case c) {
        for (int n : lengths()) {
            float[][] in = inputs(c, n, 100 + n);
            checkAgainstFormula(c, in, apply(ElementwiseTestSupport.scalar(), c, in), c.relTol(), "scalar");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void vectorPathMatchesScalarPath(Case c) {
        ElementwiseKernel vector = ElementwiseTestSupport.vector();
        ElementwiseKernel scalar = ElementwiseTestSupport.scalar();
        for (int n : lengths()) {
            float[][] in = inputs(c, n, 200 + n);
            float[] v = apply(vector, c, in);
            if (c.exact()) {
                assertSameBits(apply(scalar, c, in), v, c.name() + " n=" + n);
            } else {
                checkAgainstFormula(c, in, v, c.vectorRelTol(), "vector n=" + n);
            }
        }
    }

    /** Vector bodies and scalar tails compute each element the same way: its value never depends on its position. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void vectorResultDoesNotDependOnPosition(Case c) {
        ElementwiseKernel vector = ElementwiseTestSupport.vector();
        int n = 1003;
        float[][] in = inputs(c, n, 300);
        float[] whole = apply(vector, c, in);
        float[] one = new float[1];
        float[][] single = new float[c.arity()][1];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < c.arity(); a++) {
                single[a][0] = in[a][i];
            }
            c.op().run(vector, 1, single, 0, one, 0);
            assertEquals(Float.floatToIntBits(whole[i]), Float.floatToIntBits(one[0]),
                    c.name() + " element " + i + " alone vs in a vector");
        }
    }

    /** In place (output = first input, same offset) gives what a separate output gets. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void inPlaceEqualsSeparateOutput(Case c) {
        for (ElementwiseKernel k : kernels()) {
            int n = 2 * ElementwiseTestSupport.lanes() + 3;
            float[][] in = inputs(c, n, 400);
            float[] expected = apply(k, c, in);
            for (int alias = 0; alias < c.arity(); alias++) {
                float[][] placedInputs = new float[c.arity()][];
                for (int a = 0; a < c.arity(); a++) {
                    placedInputs[a] = placed(in[a], IN_OFF);
                }
                c.op().run(k, n, placedInputs, IN_OFF, placedInputs[alias], IN_OFF);
                assertSameBits(expected, Arrays.copyOfRange(placedInputs[alias], IN_OFF, IN_OFF + n),
                        c.name() + " output aliasing input " + alias);
            }
        }
    }

    private static List<ElementwiseKernel> kernels() {
        return Kernels.path() == Kernels.Path.VECTOR
                ? List.of(ElementwiseTestSupport.scalar(), ElementwiseTestSupport.vector())
                : List.of(ElementwiseTestSupport.scalar());
    }

    @Test
    void reluKeepsNanAndNegativeZeroLikeTheEpilogue() {
        for (ElementwiseKernel k : kernels()) {
            float[] x = {Float.NaN, -0f, 0f, -1f, 2f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
            float[] y = new float[x.length];
            k.relu(x.length, x, 0, y, 0);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToIntBits(Epilogue.RELU.apply(x[i], 0f)), Float.floatToIntBits(y[i]));
            }
            assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(y[1]));
        }
    }

    @Test
    void rectifierGradientsAtZero() {
        for (ElementwiseKernel k : kernels()) {
            float[] x = {0f, -0f, 1e-30f, -1e-30f};
            float[] dy = {2f, 2f, 2f, 2f};
            float[] dx = new float[4];
            k.reluBackward(4, x, 0, dy, 0, dx, 0);
            assertArrayEquals(new float[] {0f, 0f, 2f, 0f}, dx);
            k.leakyReluBackward(4, 0.25f, x, 0, dy, 0, dx, 0);
            assertArrayEquals(new float[] {0.5f, 0.5f, 2f, 0.5f}, dx);
        }
    }

    @Test
    void allFiniteFindsEveryNonFiniteValueAtEveryPosition() {
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (ElementwiseKernel k : kernels()) {
            for (int n : new int[] {0, 1, lanes() - 1, lanes(), lanes() + 1, 3 * lanes() + 5}) {
                float[] x = new float[n + 2];
                Arrays.fill(x, Float.MAX_VALUE);
                assertEquals(true, k.allFinite(n, x, 1), "all finite, n=" + n);
                for (int at = 0; at < n; at++) {
                    for (float special : specials) {
                        x[1 + at] = special;
                        assertEquals(false, k.allFinite(n, x, 1), special + " at " + at + " of " + n);
                        x[1 + at] = -Float.MAX_VALUE;
                    }
                }
                x[0] = Float.NaN;
                x[n + 1] = Float.NaN;
                assertEquals(true, k.allFinite(n, x, 1), "values outside the range are not read, n=" + n);
            }
        }
    }

    @Test
    void publicFacadeRunsTheChosenPath() {
        float[] x = {-2f, -1f, 0f, 1f, 2f};
        float[] y = new float[5];
        Elementwise.relu(5, x, 0, y, 0);
        assertArrayEquals(new float[] {0f, 0f, 0f, 1f, 2f}, y);
        Elementwise.leakyRelu(5, 0.5f, x, 0, y, 0);
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 1f, 2f}, y);
        Elementwise.exp(5, x, 0, y, 0);
        for (int i = 0; i < 5; i++) {
            assertClose(Math.exp(x[i]), y[i], 2.5e-7, 0, "exp");
        }
        float[] dx = new float[5];
        Elementwise.reluBackward(5, x, 0, new float[] {1, 1, 1, 1, 1}, 0, dx, 0);
        assertArrayEquals(new float[] {0f, 0f, 0f, 1f, 1f}, dx);
        Elementwise.multiply(5, x, 0, x, 0, y, 0);
        assertArrayEquals(new float[] {4f, 1f, 0f, 1f, 4f}, y);
    }

    @Test
    void scaleAndAxpyMatchTheirFormulasAndAgreeAcrossPaths() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n : lengths()) {
            float[] x = withSpecials(rnd, n, 10);
            float[] y0 = withSpecials(rnd, n, 10);
            float a = 0.37f;
            float[] expectedScale = new float[n];
            float[] expectedAxpy = new float[n];
            for (int i = 0; i < n; i++) {
                expectedScale[i] = x[i] * a;
                expectedAxpy[i] = y0[i] + a * x[i];
            }
            for (ElementwiseKernel k : kernels()) {
                float[] xs = placed(x, IN_OFF);
                k.scale(n, a, xs, IN_OFF);
                assertGuards(xs, IN_OFF, n, "scale");
                assertSameBits(expectedScale, Arrays.copyOfRange(xs, IN_OFF, IN_OFF + n), "scale n=" + n);
                float[] ys = placed(y0, OUT_OFF);
                float[] xa = placed(x, IN_OFF);
                k.axpy(n, a, xa, IN_OFF, ys, OUT_OFF);
                assertGuards(ys, OUT_OFF, n, "axpy");
                assertSameBits(placed(x, IN_OFF), xa, "axpy input");
                assertSameBits(expectedAxpy, Arrays.copyOfRange(ys, OUT_OFF, OUT_OFF + n), "axpy n=" + n);
                float[] self = placed(x, IN_OFF);
                k.axpy(n, 2f, self, IN_OFF, self, IN_OFF);
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.floatToIntBits(x[i] + 2f * x[i]), Float.floatToIntBits(self[IN_OFF + i]),
                            "axpy in place");
                }
            }
        }
    }

    @Test
    void zeroLengthWritesNothing() {
        for (ElementwiseKernel k : kernels()) {
            for (Case c : cases()) {
                float[][] in = new float[c.arity()][];
                for (int a = 0; a < c.arity(); a++) {
                    in[a] = guarded(IN_OFF, 0);
                }
                float[] out = guarded(OUT_OFF, 0);
                c.op().run(k, 0, in, IN_OFF, out, OUT_OFF);
                assertGuards(out, OUT_OFF, 0, c.name());
            }
        }
    }
}
