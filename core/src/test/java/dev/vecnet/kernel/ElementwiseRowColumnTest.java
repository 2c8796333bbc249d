package dev.vecnet.kernel;

import static dev.vecnet.kernel.ElementwiseTestSupport.assertClose;
import static dev.vecnet.kernel.ElementwiseTestSupport.assertGuards;
import static dev.vecnet.kernel.ElementwiseTestSupport.assertMatrixGuards;
import static dev.vecnet.kernel.ElementwiseTestSupport.assertSameBits;
import static dev.vecnet.kernel.ElementwiseTestSupport.guarded;
import static dev.vecnet.kernel.ElementwiseTestSupport.lengths;
import static dev.vecnet.kernel.ElementwiseTestSupport.matrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Row softmax and log-softmax, column sums and column mean/variance: each path against the formula
 * in double (softmax also on rows that would overflow a naive exponential), the vector path against
 * the scalar path (bit for bit for the column reductions, which sum in the same order), offsets,
 * padding between rows, and in-place calls.
 */
class ElementwiseRowColumnTest {
    private static final double U = 0x1p-24;

    private static List<ElementwiseKernel> kernels() {
        return Kernels.path() == Kernels.Path.VECTOR
                ? List.of(ElementwiseTestSupport.scalar(), ElementwiseTestSupport.vector())
                : List.of(ElementwiseTestSupport.scalar());
    }

    /** The exponential's error on the path: 0.5 ulp on the scalar path, the documented bound on the vector path. */
    private static double expError(ElementwiseKernel k) {
        return k instanceof ScalarElementwise ? U : VectorMathAccuracyTest.EXP_BOUND;
    }

    /** Exact softmax of one row in double, max subtracted. */
    private static double[] softmax(float[] x, int off, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, x[off + j]);
        }
        double sum = 0;
        double[] e = new double[cols];
        for (int j = 0; j < cols; j++) {
            e[j] = Math.exp(x[off + j] - max);
            sum += e[j];
        }
        for (int j = 0; j < cols; j++) {
            e[j] /= sum;
        }
        return e;
    }

    private static void checkSoftmax(ElementwiseKernel k, float[] x, int xOff, int ldx, int rows, int cols,
                                     float[] y, int yOff, int ldy, String what) {
        for (int i = 0; i < rows; i++) {
            int row = xOff + i * ldx;
            double[] exact = softmax(x, row, cols);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[row + j]);
            }
            double widest = 0;
            for (int j = 0; j < cols; j++) {
                widest = Math.max(widest, Math.abs(x[row + j] - max));
            }
            // Rounding x - max in float costs |x - max| u relative in e^(x - max), in each term of the sum
            // too; then the exponential, the division and the float sum over the row (cols terms).
            double relTol = 2 * expError(k) + (cols + 2) * U + U * widest;
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                float got = y[yOff + i * ldy + j];
                double tol = relTol + U * Math.abs(x[row + j] - max);
                assertClose(exact[j], got, tol, 3e-45, what + " row " + i + " col " + j);
                sum += got;
            }
            assertEquals(1.0, sum, (cols + 2) * (relTol + U * widest), what + ": row " + i + " sums to 1");
        }
    }

    @Test
    void softmaxMatchesTheFormulaOnBothPaths() {
        for (ElementwiseKernel k : kernels()) {
            for (int rows : new int[] {1, 4}) {
                for (int cols : lengths()) {
                    SplittableRandom rnd = new SplittableRandom(rows * 100L + cols);
                    int ldx = cols + 3;
                    int ldy = cols + 1;
                    float[] x = matrix(rnd, rows, cols, 2, ldx, -10, 10);
                    float[] x0 = x.clone();
                    float[] y = ElementwiseTestSupport.sentinels(rows, cols, 5, ldy);
                    String what = k.getClass().getSimpleName() + " softmax " + rows + " x " + cols;
                    k.softmaxRows(rows, cols, x, 2, ldx, y, 5, ldy);
                    assertSameBits(x0, x, what + " input");
                    assertMatrixGuards(y, 5, ldy, rows, cols, what);
                    checkSoftmax(k, x, 2, ldx, rows, cols, y, 5, ldy, what);
                }
            }
        }
    }

    @Test
    void softmaxIsStableForLargeInputs() {
        float[][] rowsOf = {
            {1000f, -1000f, 0f, 999.5f, 1000f},
            {-1000f, -1000f, -999f, -1001f, -1000f},
            {88f, 89f, 90f, 100f, 200f},
            {3e38f, -3e38f, 0f, 1e30f, 3e38f},
        };
        int lanes = ElementwiseTestSupport.lanes();
        for (ElementwiseKernel k : kernels()) {
            for (float[] row : rowsOf) {
                // Repeat the row across more than two vectors so that bodies and tails both see it.
                int cols = row.length * (2 * lanes / row.length + 1) + 1;
                float[] x = new float[cols];
                for (int j = 0; j < cols; j++) {
                    x[j] = row[j % row.length];
                }
                float[] y = new float[cols];
                k.softmaxRows(1, cols, x, 0, cols, y, 0, cols);
                for (float v : y) {
                    assertTrue(Float.isFinite(v), "softmax of " + Arrays.toString(row) + " gave " + v);
                }
                checkSoftmax(k, x, 0, cols, 1, cols, y, 0, cols, "stable softmax " + Arrays.toString(row));
                float[] logY = new float[cols];
                k.logSoftmaxRows(1, cols, x, 0, cols, logY, 0, cols);
                checkLogSoftmax(k, x, 0, cols, 1, cols, logY, 0, cols, "stable log-softmax " + Arrays.toString(row));
            }
        }
    }

    @Test
    void softmaxSpecialRows() {
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        for (ElementwiseKernel k : kernels()) {
            int cols = ElementwiseTestSupport.lanes() + 3;
            float[][] special = {filled(cols, 1f, nan), filled(cols, 1f, inf), filled(cols, -inf, -inf)};
            for (float[] x : special) {
                float[] y = new float[cols];
                k.softmaxRows(1, cols, x, 0, cols, y, 0, cols);
                for (float v : y) {
                    assertTrue(Float.isNaN(v), "softmax of a row with " + x[cols - 1] + " must be NaN");
                }
                k.logSoftmaxRows(1, cols, x, 0, cols, y, 0, cols);
                for (float v : y) {
                    assertTrue(Float.isNaN(v), "log-softmax of a row with " + x[cols - 1] + " must be NaN");
                }
            }
            // -Inf among finite values: probability 0, log-probability -Inf.
            float[] x = filled(cols, 2f, Float.NEGATIVE_INFINITY);
            float[] y = new float[cols];
            k.softmaxRows(1, cols, x, 0, cols, y, 0, cols);
            assertEquals(0f, y[cols - 1]);
            assertEquals(1.0 / (cols - 1), y[0], 1e-6);
            k.logSoftmaxRows(1, cols, x, 0, cols, y, 0, cols);
            assertEquals(Float.NEGATIVE_INFINITY, y[cols - 1]);
            assertEquals(-Math.log(cols - 1), y[0], 1e-5);
        }
    }

    /** {@code cols} copies of {@code value} with {@code last} at the end. */
    private static float[] filled(int cols, float value, float last) {
        float[] a = new float[cols];
        Arrays.fill(a, value);
        a[cols - 1] = last;
        return a;
    }

    private static void checkLogSoftmax(ElementwiseKernel k, float[] x, int xOff, int ldx, int rows, int cols,
                                        float[] y, int yOff, int ldy, String what) {
        for (int i = 0; i < rows; i++) {
            int row = xOff + i * ldx;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(x[row + j] - max);
            }
            double logSum = Math.log(sum);
            for (int j = 0; j < cols; j++) {
                double shifted = x[row + j] - max;
                double exact = shifted - logSum;
                // Rounding of x - max, of the log of a sum that is off by (cols + 1) u + the exp error, of y.
                double tol = U * (Math.abs(shifted) + Math.abs(logSum) + Math.abs(exact))
                        + (cols + 2) * U + expError(k) + 1e-12;
                assertClose(exact, y[yOff + i * ldy + j], 0, tol, what + " row " + i + " col " + j);
            }
        }
    }

    @Test
    void logSoftmaxMatchesTheFormulaOnBothPaths() {
        for (ElementwiseKernel k : kernels()) {
            for (int rows : new int[] {1, 4}) {
                for (int cols : lengths()) {
                    SplittableRandom rnd = new SplittableRandom(rows * 300L + cols);
                    int ldx = cols + 2;
                    int ldy = cols + 4;
                    float[] x = matrix(rnd, rows, cols, 1, ldx, -20, 20);
                    float[] x0 = x.clone();
                    float[] y = ElementwiseTestSupport.sentinels(rows, cols, 3, ldy);
                    String what = k.getClass().getSimpleName() + " log-softmax " + rows + " x " + cols;
                    k.logSoftmaxRows(rows, cols, x, 1, ldx, y, 3, ldy);
                    assertSameBits(x0, x, what + " input");
                    assertMatrixGuards(y, 3, ldy, rows, cols, what);
                    checkLogSoftmax(k, x, 1, ldx, rows, cols, y, 3, ldy, what);
                }
            }
        }
    }

    @Test
    void softmaxInPlaceEqualsSeparateOutput() {
        for (ElementwiseKernel k : kernels()) {
            int rows = 3;
            int cols = 2 * ElementwiseTestSupport.lanes() + 5;
            int ld = cols + 2;
            float[] x = matrix(new SplittableRandom(9), rows, cols, 1, ld, -5, 5);
            float[] y = x.clone();
            k.softmaxRows(rows, cols, x, 1, ld, y, 1, ld);
            float[] inPlace = x.clone();
            k.softmaxRows(rows, cols, inPlace, 1, ld, inPlace, 1, ld);
            assertSameBits(y, inPlace, "softmax in place");
            k.logSoftmaxRows(rows, cols, x, 1, ld, y, 1, ld);
            inPlace = x.clone();
            k.logSoftmaxRows(rows, cols, inPlace, 1, ld, inPlace, 1, ld);
            assertSameBits(y, inPlace, "log-softmax in place");
        }
    }

    @Test
    void softmaxPathsAgreeWithinAFewUlps() {
        ElementwiseKernel vector = ElementwiseTestSupport.vector();
        ElementwiseKernel scalar = ElementwiseTestSupport.scalar();
        for (int cols : lengths()) {
            int rows = 5;
            float[] x = matrix(new SplittableRandom(cols), rows, cols, 0, cols, -8, 8);
            float[] ys = new float[x.length];
            float[] yv = new float[x.length];
            scalar.softmaxRows(rows, cols, x, 0, cols, ys, 0, cols);
            vector.softmaxRows(rows, cols, x, 0, cols, yv, 0, cols);
            double tol = 2 * U + 2 * VectorMathAccuracyTest.EXP_BOUND + 2 * (cols + 2) * U;
            for (int i = 0; i < x.length; i++) {
                assertClose(ys[i], yv[i], tol, 3e-45, "softmax vector vs scalar, cols " + cols + " at " + i);
            }
        }
    }

    // ---------------------------------------------------------------- columns

    @Test
    void columnSumsAreTheRowOrderFloatSumsOnBothPaths() {
        for (ElementwiseKernel k : kernels()) {
            for (int rows : new int[] {0, 1, 5, 33}) {
                for (int cols : lengths()) {
                    SplittableRandom rnd = new SplittableRandom(rows * 7L + cols);
                    int ldx = cols + 5;
                    float[] x = matrix(rnd, rows, cols, 3, ldx, -100, 100);
                    float[] sums = guarded(2, cols);
                    k.columnSums(rows, cols, x, 3, ldx, sums, 2);
                    assertGuards(sums, 2, cols, "column sums");
                    float[] expected = new float[cols];
                    for (int j = 0; j < cols; j++) {
                        float s = 0f;
                        double exact = 0;
                        double abs = 0;
                        for (int i = 0; i < rows; i++) {
                            s += x[3 + i * ldx + j];
                            exact += x[3 + i * ldx + j];
                            abs += Math.abs(x[3 + i * ldx + j]);
                        }
                        expected[j] = s;
                        assertEquals(exact, sums[2 + j], rows * U * abs + 1e-30, "column sum vs exact");
                    }
                    assertSameBits(expected, Arrays.copyOfRange(sums, 2, 2 + cols),
                            k.getClass().getSimpleName() + " column sums " + rows + " x " + cols);
                }
            }
        }
    }

    private record MeanVar(float[] mean, float[] var) {
    }

    private static MeanVar meanVariance(ElementwiseKernel k, float[] x, int off, int ld, int rows, int cols) {
        float[] mean = guarded(1, cols);
        float[] var = guarded(4, cols);
        float[] x0 = x.clone();
        k.columnMeanVariance(rows, cols, x, off, ld, mean, 1, var, 4);
        assertSameBits(x0, x, "mean/variance input");
        assertGuards(mean, 1, cols, "mean");
        assertGuards(var, 4, cols, "var");
        return new MeanVar(Arrays.copyOfRange(mean, 1, 1 + cols), Arrays.copyOfRange(var, 4, 4 + cols));
    }

    /** Exact two-pass mean and biased variance in double. */
    private static double[][] exactMeanVariance(float[] x, int off, int ld, int rows, int cols) {
        double[] mean = new double[cols];
        double[] var = new double[cols];
        for (int j = 0; j < cols; j++) {
            double s = 0;
            for (int i = 0; i < rows; i++) {
                s += x[off + i * ld + j];
            }
            mean[j] = s / rows;
            double q = 0;
            for (int i = 0; i < rows; i++) {
                double d = x[off + i * ld + j] - mean[j];
                q += d * d;
            }
            var[j] = q / rows;
        }
        return new double[][] {mean, var};
    }

    @Test
    void columnMeanVarianceMatchesDoubleAndPathsAgreeBitForBit() {
        for (int rows : new int[] {1, 2, 17}) {
            for (int cols : lengths()) {
                SplittableRandom rnd = new SplittableRandom(rows * 13L + cols);
                int ld = cols + 3;
                float[] x = matrix(rnd, rows, cols, 2, ld, -4, 6);
                MeanVar scalar = meanVariance(ElementwiseTestSupport.scalar(), x, 2, ld, rows, cols);
                double[][] exact = exactMeanVariance(x, 2, ld, rows, cols);
                for (int j = 0; j < cols; j++) {
                    assertEquals(exact[0][j], scalar.mean()[j], 1e-5, "mean");
                    assertEquals(exact[1][j], scalar.var()[j], 1e-5 * (1 + exact[1][j]), "var");
                    if (rows == 1) {
                        assertEquals(0f, scalar.var()[j]);
                        assertEquals(x[2 + j], scalar.mean()[j]);
                    }
                }
                if (Kernels.path() == Kernels.Path.VECTOR) {
                    MeanVar vector = meanVariance(ElementwiseTestSupport.vector(), x, 2, ld, rows, cols);
                    assertSameBits(scalar.mean(), vector.mean(), "mean " + rows + " x " + cols);
                    assertSameBits(scalar.var(), vector.var(), "var " + rows + " x " + cols);
                }
            }
        }
    }

    /**
     * Data with a mean of 1e4 and a spread of about 0.58: the two-pass variance stays accurate where
     * the one-pass {@code E[x^2] - E[x]^2} in float loses every digit.
     */
    @Test
    void columnVarianceIsAccurateUnderALargeMean() {
        int rows = 1000;
        int cols = 2 * ElementwiseTestSupport.lanes() + 3;
        SplittableRandom rnd = new SplittableRandom(77);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (1e4 + rnd.nextDouble(-1, 1));
        }
        double[][] exact = exactMeanVariance(x, 0, cols, rows, cols);
        for (ElementwiseKernel k : kernels()) {
            MeanVar got = meanVariance(k, x, 0, cols, rows, cols);
            for (int j = 0; j < cols; j++) {
                // The mean can only be as exact as float spacing at 1e4 (about 1e-3) allows.
                assertEquals(exact[0][j], got.mean()[j], 1e-3, "mean of column " + j);
                double twoPass = Math.abs(got.var()[j] - exact[1][j]) / exact[1][j];
                float sum = 0f;
                float sumSquares = 0f;
                for (int i = 0; i < rows; i++) {
                    float v = x[i * cols + j];
                    sum += v;
                    sumSquares += v * v;
                }
                float m = sum / rows;
                double naive = Math.abs((sumSquares / rows - m * m) - exact[1][j]) / exact[1][j];
                assertTrue(twoPass < 1e-4, "two-pass variance of column " + j + " has relative error " + twoPass);
                assertTrue(naive > 0.5, "the test data should defeat E[x^2] - E[x]^2 (relative error " + naive + ")");
            }
        }
    }
}
