package dev.vecnet.kernel;

import static dev.vecnet.kernel.ElementwiseTestSupport.assertGuards;
import static dev.vecnet.kernel.ElementwiseTestSupport.assertSameBits;
import static dev.vecnet.kernel.ElementwiseTestSupport.placed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link Elementwise#sumOfSquares} and {@link Elementwise#sumOfSquaresAxpy}: both paths against the order the
 * javadoc defines (written here from the javadoc with arrays, not from either implementation) bit for bit, that
 * sum against the exact sum, and the axpy part against {@link Elementwise#axpy}'s formula bit for bit.
 */
class ElementwiseSumOfSquaresTest {
    private static final int X_OFF = 3;
    private static final int Y_OFF = 5;

    /** The javadoc's order: sixteen partial sums over the whole blocks, the pairwise tree, then the tail. */
    private static double definedOrder(float[] x) {
        int blocks = x.length / 16 * 16;
        double[] s = new double[16];
        for (int i = 0; i < blocks; i++) {
            s[i % 16] += (double) x[i] * (double) x[i];
        }
        for (int width = 8; width >= 1; width /= 2) {
            for (int j = 0; j < width; j++) {
                s[j] += s[j + width];
            }
        }
        double sum = s[0];
        for (int i = blocks; i < x.length; i++) {
            sum += (double) x[i] * (double) x[i];
        }
        return sum;
    }

    private static List<ElementwiseKernel> kernels() {
        List<ElementwiseKernel> kernels = new ArrayList<>();
        kernels.add(ElementwiseTestSupport.scalar());
        if (Kernels.path() == Kernels.Path.VECTOR) {
            kernels.add(ElementwiseTestSupport.vector());
        }
        return kernels;
    }

    @Provide
    Arbitrary<float[]> weights() {
        // Every length from empty to a few blocks past the widest vector, magnitudes from subnormal to 1e18
        // (squares near double's range stay finite), both signs.
        Arbitrary<Float> values = Arbitraries.oneOf(
                Arbitraries.floats().between(-1f, 1f),
                Arbitraries.floats().between(-1e18f, 1e18f),
                Arbitraries.of(0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL, 1e-30f, 3f));
        return values.array(float[].class).ofMinSize(0).ofMaxSize(150);
    }

    @Property(tries = 300)
    void everyPathSumsInTheDefinedOrder(@ForAll("weights") float[] x) {
        long expected = Double.doubleToLongBits(definedOrder(x));
        float[] placedX = placed(x, X_OFF);
        for (ElementwiseKernel k : kernels()) {
            double sum = k.sumOfSquaresAxpy(x.length, placedX, X_OFF, 0f, null, 0);
            assertEquals(expected, Double.doubleToLongBits(sum), k.getClass().getSimpleName() + " n=" + x.length);
        }
        assertEquals(expected, Double.doubleToLongBits(Elementwise.sumOfSquares(x.length, placedX, X_OFF)),
                "public entry point");
    }

    @Property(tries = 200)
    void axpyPartMatchesAxpyAndTheSumIsTheSame(@ForAll("weights") float[] x,
                                               @ForAll @IntRange(min = -3, max = 3) int factor) {
        float a = factor * 0.37f;
        SplittableRandom rnd = new SplittableRandom(x.length);
        float[] y = ElementwiseTestSupport.uniform(rnd, x.length, -5, 5);
        float[] expectedY = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expectedY[i] = y[i] + a * x[i];
        }
        long expectedSum = Double.doubleToLongBits(definedOrder(x));
        for (ElementwiseKernel k : kernels()) {
            float[] placedX = placed(x, X_OFF);
            float[] placedY = placed(y, Y_OFF);
            double sum = k.sumOfSquaresAxpy(x.length, placedX, X_OFF, a, placedY, Y_OFF);
            String what = k.getClass().getSimpleName() + " n=" + x.length;
            assertEquals(expectedSum, Double.doubleToLongBits(sum), what + ": sum");
            assertGuards(placedY, Y_OFF, x.length, what);
            assertSameBits(expectedY, Arrays.copyOfRange(placedY, Y_OFF, Y_OFF + x.length), what + ": y");
            assertSameBits(placed(x, X_OFF), placedX, what + ": x unchanged");
        }
    }

    @Test
    void longSumsStayWithinTheBoundOfTheirExactValue() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n : new int[] {4096, 4099, 100_003}) {
            float[] x = ElementwiseTestSupport.uniform(rnd, n, -0.2, 0.2);
            BigDecimal exact = BigDecimal.ZERO;
            for (float v : x) {
                exact = exact.add(new BigDecimal(v).multiply(new BigDecimal(v)));
            }
            double sum = Elementwise.sumOfSquares(n, x, 0);
            // Terms are exact and non-negative, so every addition on the longest path (a partial sum's n / 16,
            // the tree's 4, the tail's 15) rounds by at most half an ulp of the total.
            double bound = (n / 16.0 + 20) * Math.ulp(1.0) / 2 * exact.doubleValue();
            double error = exact.subtract(new BigDecimal(sum)).abs().doubleValue();
            assertTrue(error <= bound, "n=" + n + ": error " + error + " above " + bound);
        }
    }

    @Test
    void nonFiniteValuesGiveNonFiniteSums() {
        for (ElementwiseKernel k : kernels()) {
            for (int at : new int[] {0, 5, 17, 33}) {
                float[] x = new float[35];
                Arrays.fill(x, 0.5f);
                x[at] = Float.NaN;
                assertTrue(Double.isNaN(k.sumOfSquaresAxpy(x.length, x, 0, 0f, null, 0)), "NaN at " + at);
                x[at] = Float.NEGATIVE_INFINITY;
                assertEquals(Double.POSITIVE_INFINITY, k.sumOfSquaresAxpy(x.length, x, 0, 0f, null, 0),
                        "-Inf at " + at);
            }
        }
    }
}
