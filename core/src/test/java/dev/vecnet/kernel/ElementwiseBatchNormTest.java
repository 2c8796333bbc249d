package dev.vecnet.kernel;

import static dev.vecnet.kernel.ElementwiseTestSupport.assertGuards;
import static dev.vecnet.kernel.ElementwiseTestSupport.assertMatrixGuards;
import static dev.vecnet.kernel.ElementwiseTestSupport.assertSameBits;
import static dev.vecnet.kernel.ElementwiseTestSupport.guarded;
import static dev.vecnet.kernel.ElementwiseTestSupport.lengths;
import static dev.vecnet.kernel.ElementwiseTestSupport.matrix;
import static dev.vecnet.kernel.ElementwiseTestSupport.sentinels;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Batch normalisation: the forward pass against its formula (with and without xhat, in place), the
 * backward pass against a numerical gradient of a training-mode batch norm computed in double, and
 * the vector path against the scalar path bit for bit.
 */
class ElementwiseBatchNormTest {
    private static final double EPS = 1e-5;

    private static List<ElementwiseKernel> kernels() {
        return Kernels.path() == Kernels.Path.VECTOR
                ? List.of(ElementwiseTestSupport.scalar(), ElementwiseTestSupport.vector())
                : List.of(ElementwiseTestSupport.scalar());
    }

    /** Per-column parameters at offset 2 of arrays with guards. */
    private static float[] column(SplittableRandom rnd, int cols, double lo, double hi) {
        float[] a = guarded(2, cols);
        for (int j = 0; j < cols; j++) {
            a[2 + j] = (float) rnd.nextDouble(lo, hi);
        }
        return a;
    }

    private record Forward(float[] xhat, float[] y, float[] yWithoutXhat) {
    }

    private static Forward forward(ElementwiseKernel k, int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int ldx = cols + 3;
        int ld = cols + 1;
        float[] x = matrix(rnd, rows, cols, 1, ldx, -3, 5);
        float[] mean = column(rnd, cols, -1, 1);
        float[] invStd = column(rnd, cols, 0.2, 3);
        float[] gamma = column(rnd, cols, -2, 2);
        float[] beta = column(rnd, cols, -1, 1);
        float[] xhat = sentinels(rows, cols, 2, ld);
        float[] y = sentinels(rows, cols, 3, ld);
        float[] yOnly = sentinels(rows, cols, 3, ld);
        float[] x0 = x.clone();
        k.batchNormForward(rows, cols, x, 1, ldx, mean, 2, invStd, 2, gamma, 2, beta, 2, xhat, 2, ld, y, 3, ld);
        k.batchNormForward(rows, cols, x, 1, ldx, mean, 2, invStd, 2, gamma, 2, beta, 2, null, -5, 0, yOnly, 3, ld);
        assertSameBits(x0, x, "batch norm input");
        assertMatrixGuards(xhat, 2, ld, rows, cols, "xhat");
        assertMatrixGuards(y, 3, ld, rows, cols, "y");
        assertSameBits(y, yOnly, "y without xhat");
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float h = (x[1 + i * ldx + j] - mean[2 + j]) * invStd[2 + j];
                assertEquals(Float.floatToIntBits(h), Float.floatToIntBits(xhat[2 + i * ld + j]), "xhat");
                assertEquals(Float.floatToIntBits(gamma[2 + j] * h + beta[2 + j]),
                        Float.floatToIntBits(y[3 + i * ld + j]), "y");
            }
        }
        // In place: y over x, and xhat over x.
        float[] inPlace = x.clone();
        float[] xhat2 = sentinels(rows, cols, 2, ld);
        k.batchNormForward(rows, cols, inPlace, 1, ldx, mean, 2, invStd, 2, gamma, 2, beta, 2, xhat2, 2, ld,
                inPlace, 1, ldx);
        float[] y2 = sentinels(rows, cols, 3, ld);
        float[] inPlaceXhat = x.clone();
        k.batchNormForward(rows, cols, inPlaceXhat, 1, ldx, mean, 2, invStd, 2, gamma, 2, beta, 2, inPlaceXhat, 1,
                ldx, y2, 3, ld);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(y[3 + i * ld + j], inPlace[1 + i * ldx + j], "y in place");
                assertEquals(xhat[2 + i * ld + j], inPlaceXhat[1 + i * ldx + j], "xhat in place");
                assertEquals(y[3 + i * ld + j], y2[3 + i * ld + j], "y with xhat in place");
            }
        }
        return new Forward(xhat, y, yOnly);
    }

    @Test
    void forwardMatchesTheFormulaAndPathsAgree() {
        for (int rows : new int[] {1, 6}) {
            for (int cols : lengths()) {
                Forward scalar = forward(ElementwiseTestSupport.scalar(), rows, cols, rows * 10L + cols);
                if (Kernels.path() == Kernels.Path.VECTOR) {
                    Forward vector = forward(ElementwiseTestSupport.vector(), rows, cols, rows * 10L + cols);
                    assertSameBits(scalar.xhat(), vector.xhat(), "xhat " + rows + " x " + cols);
                    assertSameBits(scalar.y(), vector.y(), "y " + rows + " x " + cols);
                }
            }
        }
    }

    private record Backward(float[] dx, float[] dGamma, float[] dBeta) {
    }

    private static Backward backward(ElementwiseKernel k, int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int ld = cols + 2;
        float[] dy = matrix(rnd, rows, cols, 1, ld, -1, 1);
        float[] xhat = matrix(rnd, rows, cols, 3, ld + 1, -2, 2);
        float[] gamma = column(rnd, cols, -2, 2);
        float[] invStd = column(rnd, cols, 0.2, 3);
        float[] dx = sentinels(rows, cols, 2, ld);
        float[] dGamma = guarded(1, cols);
        float[] dBeta = guarded(4, cols);
        float[] dy0 = dy.clone();
        float[] xhat0 = xhat.clone();
        k.batchNormBackward(rows, cols, dy, 1, ld, xhat, 3, ld + 1, gamma, 2, invStd, 2, dx, 2, ld, dGamma, 1, dBeta, 4);
        assertSameBits(dy0, dy, "dy");
        assertSameBits(xhat0, xhat, "xhat");
        assertMatrixGuards(dx, 2, ld, rows, cols, "dx");
        assertGuards(dGamma, 1, cols, "dGamma");
        assertGuards(dBeta, 4, cols, "dBeta");
        // dx in place over dy gives the same values.
        float[] inPlace = dy.clone();
        float[] dGamma2 = guarded(1, cols);
        float[] dBeta2 = guarded(4, cols);
        k.batchNormBackward(rows, cols, inPlace, 1, ld, xhat, 3, ld + 1, gamma, 2, invStd, 2, inPlace, 1, ld,
                dGamma2, 1, dBeta2, 4);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(dx[2 + i * ld + j], inPlace[1 + i * ld + j], "dx in place over dy");
            }
        }
        return new Backward(dx, dGamma, dBeta);
    }

    @Test
    void backwardPathsAgreeBitForBit() {
        ElementwiseKernel vector = ElementwiseTestSupport.vector();
        ElementwiseKernel scalar = ElementwiseTestSupport.scalar();
        for (int rows : new int[] {1, 2, 9}) {
            for (int cols : lengths()) {
                Backward s = backward(scalar, rows, cols, rows * 100L + cols);
                Backward v = backward(vector, rows, cols, rows * 100L + cols);
                String what = rows + " x " + cols;
                assertSameBits(s.dx(), v.dx(), "dx " + what);
                assertSameBits(s.dGamma(), v.dGamma(), "dGamma " + what);
                assertSameBits(s.dBeta(), v.dBeta(), "dBeta " + what);
            }
        }
    }

    @Test
    void scalarBackwardRunsOnEveryPath() {
        for (int rows : new int[] {1, 9}) {
            for (int cols : lengths()) {
                backward(ElementwiseTestSupport.scalar(), rows, cols, rows * 100L + cols);
            }
        }
    }

    /** Training-mode batch norm in double: returns {@code L = sum w * y}. */
    private static double loss(double[] x, int rows, int cols, double[] gamma, double[] beta, double[] w) {
        double total = 0;
        for (int j = 0; j < cols; j++) {
            double mean = 0;
            for (int i = 0; i < rows; i++) {
                mean += x[i * cols + j];
            }
            mean /= rows;
            double var = 0;
            for (int i = 0; i < rows; i++) {
                double d = x[i * cols + j] - mean;
                var += d * d;
            }
            var /= rows;
            double invStd = 1 / Math.sqrt(var + EPS);
            for (int i = 0; i < rows; i++) {
                total += w[i * cols + j] * (gamma[j] * (x[i * cols + j] - mean) * invStd + beta[j]);
            }
        }
        return total;
    }

    /**
     * The kernels chained as a layer would chain them (column statistics, forward, backward) give the
     * gradient of {@code L = sum w * y} that central differences of a double-precision batch norm give.
     */
    @Test
    void backwardMatchesANumericalGradient() {
        int rows = 16;
        int cols = ElementwiseTestSupport.lanes() + 3;
        SplittableRandom rnd = new SplittableRandom(2024);
        double[] xd = new double[rows * cols];
        double[] w = new double[rows * cols];
        float[] x = new float[rows * cols];
        float[] dy = new float[rows * cols];
        for (int i = 0; i < xd.length; i++) {
            x[i] = (float) (3 + 2 * rnd.nextGaussian());
            xd[i] = x[i];
            dy[i] = (float) rnd.nextDouble(-1, 1);
            w[i] = dy[i];
        }
        double[] gammaD = new double[cols];
        double[] betaD = new double[cols];
        float[] gamma = new float[cols];
        float[] beta = new float[cols];
        for (int j = 0; j < cols; j++) {
            gamma[j] = (float) rnd.nextDouble(0.5, 2);
            beta[j] = (float) rnd.nextDouble(-1, 1);
            gammaD[j] = gamma[j];
            betaD[j] = beta[j];
        }
        double h = 1e-4;
        double[] numericDx = new double[xd.length];
        for (int i = 0; i < xd.length; i++) {
            double keep = xd[i];
            xd[i] = keep + h;
            double up = loss(xd, rows, cols, gammaD, betaD, w);
            xd[i] = keep - h;
            double down = loss(xd, rows, cols, gammaD, betaD, w);
            xd[i] = keep;
            numericDx[i] = (up - down) / (2 * h);
        }
        double[] numericDGamma = new double[cols];
        double[] numericDBeta = new double[cols];
        for (int j = 0; j < cols; j++) {
            double keep = gammaD[j];
            gammaD[j] = keep + h;
            double up = loss(xd, rows, cols, gammaD, betaD, w);
            gammaD[j] = keep - h;
            double down = loss(xd, rows, cols, gammaD, betaD, w);
            gammaD[j] = keep;
            numericDGamma[j] = (up - down) / (2 * h);
            keep = betaD[j];
            betaD[j] = keep + h;
            up = loss(xd, rows, cols, gammaD, betaD, w);
            betaD[j] = keep - h;
            down = loss(xd, rows, cols, gammaD, betaD, w);
            betaD[j] = keep;
            numericDBeta[j] = (up - down) / (2 * h);
        }
        for (ElementwiseKernel k : kernels()) {
            float[] mean = new float[cols];
            float[] var = new float[cols];
            k.columnMeanVariance(rows, cols, x, 0, cols, mean, 0, var, 0);
            float[] invStd = new float[cols];
            for (int j = 0; j < cols; j++) {
                invStd[j] = (float) (1 / Math.sqrt(var[j] + EPS));
            }
            float[] xhat = new float[rows * cols];
            float[] y = new float[rows * cols];
            k.batchNormForward(rows, cols, x, 0, cols, mean, 0, invStd, 0, gamma, 0, beta, 0, xhat, 0, cols, y, 0, cols);
            float[] dx = new float[rows * cols];
            float[] dGamma = new float[cols];
            float[] dBeta = new float[cols];
            k.batchNormBackward(rows, cols, dy, 0, cols, xhat, 0, cols, gamma, 0, invStd, 0, dx, 0, cols,
                    dGamma, 0, dBeta, 0);
            String path = k.getClass().getSimpleName();
            for (int i = 0; i < dx.length; i++) {
                assertEquals(numericDx[i], dx[i], 1e-4 + 1e-3 * Math.abs(numericDx[i]), path + " dx[" + i + "]");
            }
            for (int j = 0; j < cols; j++) {
                assertEquals(numericDGamma[j], dGamma[j], 1e-4 + 1e-3 * Math.abs(numericDGamma[j]), path + " dGamma");
                assertEquals(numericDBeta[j], dBeta[j], 1e-4 + 1e-3 * Math.abs(numericDBeta[j]), path + " dBeta");
            }
            // The gradient of a batch norm sums to zero over the batch in every column.
            for (int j = 0; j < cols; j++) {
                double sum = 0;
                double abs = 0;
                for (int i = 0; i < rows; i++) {
                    sum += dx[i * cols + j];
                    abs += Math.abs(dx[i * cols + j]);
                }
                assertEquals(0, sum, 1e-5 * abs + 1e-7, path + " column " + j + " of dx sums to 0");
            }
        }
        assertEquals(rows * cols, Arrays.stream(numericDx).filter(Double::isFinite).count());
    }
}
