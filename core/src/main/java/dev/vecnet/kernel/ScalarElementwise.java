package dev.vecnet.kernel;

import java.util.Arrays;

/**
 * The plain-Java elementwise kernels: the reference implementation and the fallback when the
 * vector module is absent. The exponential family uses {@link Math#exp}, {@link Math#expm1} and
 * {@link Math#tanh} in double and rounds once to float, so it is accurate to about half an ulp.
 *
 * <p>Every operation here fixes the order of the float operations that {@link VectorElementwise}
 * repeats lane by lane (per-column sums run over rows in increasing order, products are not fused),
 * which is why the two paths agree bit for bit wherever {@link Elementwise} says they do.
 */
final class ScalarElementwise implements ElementwiseKernel {
    /** Partial sums of {@link Elementwise#sumOfSquares}: its blocks of this many elements feed one sum per lane. */
    static final int SQUARE_CHAINS = 16;

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v < 0f ? 0f : v;
        }
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = x[xOff + i] > 0f ? dy[dyOff + i] : 0f;
        }
    }

    @Override
    public void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v < 0f ? v * slope : v;
        }
    }

    @Override
    public void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            float g = dy[dyOff + i];
            dx[dxOff + i] = x[xOff + i] > 0f ? g : g * slope;
        }
    }

    @Override
    public void elu(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : alpha * (float) Math.expm1(v);
        }
    }

    @Override
    public void eluBackward(int n, float alpha, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                            float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            float g = dy[dyOff + i];
            dx[dxOff + i] = x[xOff + i] > 0f ? g : g * (y[yOff + i] + alpha);
        }
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) (1.0 / (1.0 + Math.exp(-(double) x[xOff + i])));
        }
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * v * (1f - v);
        }
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - v * v);
        }
    }

    @Override
    public void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void prelu(int rows, int cols, float[] x, int xOff, int ldx, float[] slopes, int sOff, boolean perColumn,
                      float[] y, int yOff, int ldy) {
        for (int i = 0; i < rows; i++) {
            int xRow = xOff + i * ldx;
            int yRow = yOff + i * ldy;
            for (int j = 0; j < cols; j++) {
                float v = x[xRow + j];
                y[yRow + j] = v < 0f ? v * slopes[perColumn ? sOff + j : sOff] : v;
            }
        }
    }

    @Override
    public void preluBackward(int rows, int cols, float[] x, int xOff, int ldx, float[] slopes, int sOff,
                              boolean perColumn, float[] dy, int dyOff, int lddy, float[] dx, int dxOff, int lddx,
                              float[] dSlopes, int dsOff) {
        if (perColumn) {
            Arrays.fill(dSlopes, dsOff, dsOff + cols, 0f);
        }
        float total = 0f;
        for (int i = 0; i < rows; i++) {
            int xRow = xOff + i * ldx;
            int dyRow = dyOff + i * lddy;
            int dxRow = dxOff + i * lddx;
            for (int j = 0; j < cols; j++) {
                float v = x[xRow + j];
                float g = dy[dyRow + j];
                float slope = slopes[perColumn ? sOff + j : sOff];
                float contribution = v > 0f ? 0f : v * g;
                dx[dxRow + j] = v > 0f ? g : g * slope;
                if (perColumn) {
                    dSlopes[dsOff + j] += contribution;
                } else {
                    total += contribution;
                }
            }
        }
        if (!perColumn) {
            dSlopes[dsOff] = total;
        }
    }

    @Override
    public void maxout(int rows, int units, int pieces, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy,
                       int[] argmax, int argOff) {
        for (int i = 0; i < rows; i++) {
            for (int u = 0; u < units; u++) {
                int base = xOff + i * ldx + u * pieces;
                float best = x[base];
                int arg = 0;
                for (int q = 1; q < pieces; q++) {
                    float v = x[base + q];
                    // A larger value wins; so does the first NaN, which then stays (nothing compares above it).
                    if (v > best || (v != v && best == best)) {
                        best = v;
                        arg = q;
                    }
                }
                y[yOff + i * ldy + u] = best;
                argmax[argOff + i * units + u] = arg;
            }
        }
    }

    @Override
    public void maxoutBackward(int rows, int units, int pieces, int[] argmax, int argOff, float[] dy, int dyOff,
                               int ldy, float[] dx, int dxOff, int ldx) {
        for (int i = 0; i < rows; i++) {
            int dxRow = dxOff + i * ldx;
            Arrays.fill(dx, dxRow, dxRow + units * pieces, 0f);
            for (int u = 0; u < units; u++) {
                dx[dxRow + u * pieces + argmax[argOff + i * units + u]] = dy[dyOff + i * ldy + u];
            }
        }
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int i = 0; i < rows; i++) {
            int xRow = xOff + i * ldx;
            int yRow = yOff + i * ldy;
            float max = rowMax(cols, x, xRow);
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x[xRow + j] - max);
                y[yRow + j] = e;
                sum += e;
            }
            for (int j = 0; j < cols; j++) {
                y[yRow + j] /= sum;
            }
        }
    }

    @Override
    public void logSoftmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        for (int i = 0; i < rows; i++) {
            int xRow = xOff + i * ldx;
            int yRow = yOff + i * ldy;
            float max = rowMax(cols, x, xRow);
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                sum += (float) Math.exp(x[xRow + j] - max);
            }
            float logSum = (float) Math.log(sum);
            for (int j = 0; j < cols; j++) {
                y[yRow + j] = (x[xRow + j] - max) - logSum;
            }
        }
    }

    private static float rowMax(int cols, float[] x, int row) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < cols; j++) {
            max = Math.max(max, x[row + j]);
        }
        return max;
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, int ldx, float[] sums, int sumsOff) {
        Arrays.fill(sums, sumsOff, sumsOff + cols, 0f);
        for (int i = 0; i < rows; i++) {
            int xRow = xOff + i * ldx;
            for (int j = 0; j < cols; j++) {
                sums[sumsOff + j] += x[xRow + j];
            }
        }
    }

    @Override
    public void columnMeanVariance(int rows, int cols, float[] x, int xOff, int ldx, float[] mean, int meanOff,
                                   float[] var, int varOff) {
        // Pass 1: sums of x - x[0][j] (the shift keeps a large common offset out of the sum).
        Arrays.fill(mean, meanOff, meanOff + cols, 0f);
        for (int i = 1; i < rows; i++) {
            int xRow = xOff + i * ldx;
            for (int j = 0; j < cols; j++) {
                mean[meanOff + j] += x[xRow + j] - x[xOff + j];
            }
        }
        float n = rows;
        for (int j = 0; j < cols; j++) {
            mean[meanOff + j] = x[xOff + j] + mean[meanOff + j] / n;
        }
        // Pass 2: mean of the squared deviations.
        Arrays.fill(var, varOff, varOff + cols, 0f);
        for (int i = 0; i < rows; i++) {
            int xRow = xOff + i * ldx;
            for (int j = 0; j < cols; j++) {
                float d = x[xRow + j] - mean[meanOff + j];
                var[varOff + j] += d * d;
            }
        }
        for (int j = 0; j < cols; j++) {
            var[varOff + j] /= n;
        }
    }

    @Override
    public void batchNormForward(int rows, int cols, float[] x, int xOff, int ldx, float[] mean, int meanOff,
                                 float[] invStd, int invStdOff, float[] gamma, int gOff, float[] beta, int bOff,
                                 float[] xhat, int xhatOff, int ldxhat, float[] y, int yOff, int ldy) {
        for (int i = 0; i < rows; i++) {
            int xRow = xOff + i * ldx;
            int yRow = yOff + i * ldy;
            int hRow = xhatOff + i * ldxhat;
            for (int j = 0; j < cols; j++) {
                float h = (x[xRow + j] - mean[meanOff + j]) * invStd[invStdOff + j];
                if (xhat != null) {
                    xhat[hRow + j] = h;
                }
                y[yRow + j] = gamma[gOff + j] * h + beta[bOff + j];
            }
        }
    }

    @Override
    public void batchNormBackward(int rows, int cols, float[] dy, int dyOff, int lddy, float[] xhat, int xhatOff,
                                  int ldxhat, float[] gamma, int gOff, float[] invStd, int invStdOff, float[] dx,
                                  int dxOff, int lddx, float[] dGamma, int dgOff, float[] dBeta, int dbOff) {
        Arrays.fill(dBeta, dbOff, dbOff + cols, 0f);
        Arrays.fill(dGamma, dgOff, dgOff + cols, 0f);
        for (int i = 0; i < rows; i++) {
            int dyRow = dyOff + i * lddy;
            int hRow = xhatOff + i * ldxhat;
            for (int j = 0; j < cols; j++) {
                float g = dy[dyRow + j];
                dBeta[dbOff + j] += g;
                dGamma[dgOff + j] += g * xhat[hRow + j];
            }
        }
        float n = rows;
        float invN = 1f / n;
        for (int i = 0; i < rows; i++) {
            int dyRow = dyOff + i * lddy;
            int hRow = xhatOff + i * ldxhat;
            int dxRow = dxOff + i * lddx;
            for (int j = 0; j < cols; j++) {
                float t = n * dy[dyRow + j] - dBeta[dbOff + j] - xhat[hRow + j] * dGamma[dgOff + j];
                dx[dxRow + j] = gamma[gOff + j] * invStd[invStdOff + j] * invN * t;
            }
        }
    }

    @Override
    public void dropout(int n, float p, long seed, long counter, float[] x, int xOff, float[] mask, int maskOff,
                        float[] y, int yOff) {
        int k0 = DropoutHash.key0(seed);
        int k1 = DropoutHash.key1(seed);
        int threshold = DropoutHash.threshold(p);
        float keep = DropoutHash.keepScale(p);
        for (int i = 0; i < n; i++) {
            long c = counter + i;
            int bits = DropoutHash.bits(k0, k1, (int) (c >>> 32), (int) c);
            float m = (bits >>> 8) >= threshold ? keep : 0f;
            float v = x[xOff + i];
            mask[maskOff + i] = m;
            y[yOff + i] = v * m;
        }
    }

    @Override
    public void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        for (int i = 0; i < n; i++) {
            z[zOff + i] = x[xOff + i] * y[yOff + i];
        }
    }

    @Override
    public boolean allFinite(int n, float[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(x[xOff + i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double sumOfSquaresAxpy(int n, float[] x, int xOff, float a, float[] y, int yOff) {
        // The sixteen partial sums of Elementwise.sumOfSquares, one local each: every term is exact in double
        // (a float squared has at most 48 significant bits), so only the additions round.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        double s8 = 0, s9 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0;
        int blocks = n & -SQUARE_CHAINS;
        for (int i = 0; i < blocks; i += SQUARE_CHAINS) {
            int o = xOff + i;
            s0 += square(x[o]);
            s1 += square(x[o + 1]);
            s2 += square(x[o + 2]);
            s3 += square(x[o + 3]);
            s4 += square(x[o + 4]);
            s5 += square(x[o + 5]);
            s6 += square(x[o + 6]);
            s7 += square(x[o + 7]);
            s8 += square(x[o + 8]);
            s9 += square(x[o + 9]);
            s10 += square(x[o + 10]);
            s11 += square(x[o + 11]);
            s12 += square(x[o + 12]);
            s13 += square(x[o + 13]);
            s14 += square(x[o + 14]);
            s15 += square(x[o + 15]);
        }
        if (y != null) {
            axpy(blocks, a, x, xOff, y, yOff);
        }
        // t_j = s_j + s_(j+8), u_j = t_j + t_(j+4), v_j = u_j + u_(j+2), then v_0 + v_1.
        double t0 = s0 + s8, t1 = s1 + s9, t2 = s2 + s10, t3 = s3 + s11;
        double t4 = s4 + s12, t5 = s5 + s13, t6 = s6 + s14, t7 = s7 + s15;
        double u0 = t0 + t4, u1 = t1 + t5, u2 = t2 + t6, u3 = t3 + t7;
        return sumOfSquaresTail(u0 + u2, u1 + u3, n - blocks, x, xOff + blocks, a, y, yOff + blocks);
    }

    /**
     * The end of {@link #sumOfSquaresAxpy} shared with the vector path: {@code v0 + v1}, then the squares of the
     * {@code n} tail elements added one by one in order, and their axpy when {@code y} is not null.
     */
    static double sumOfSquaresTail(double v0, double v1, int n, float[] x, int xOff, float a, float[] y,
                                   int yOff) {
        double sum = v0 + v1;
        for (int i = 0; i < n; i++) {
            sum += square(x[xOff + i]);
            if (y != null) {
                y[yOff + i] += a * x[xOff + i];
            }
        }
        return sum;
    }

    private static double square(float v) {
        return (double) v * v;
    }

    @Override
    public void scale(int n, float a, float[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] *= a;
        }
    }

    @Override
    public void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    @Override
    public void transpose(int rows, int cols, float[] src, int srcOff, int ldSrc, float[] dst, int dstOff, int ldDst) {
        transposeCopy(rows, cols, src, srcOff, ldSrc, dst, dstOff, ldDst);
    }

    /**
     * {@code dst[dstOff + c*ldDst + r] = src[srcOff + r*ldSrc + c]}, element by element: the reference
     * transposing copy, also used by the scalar GEMM's packing and for the vector transpose's edges.
     */
    static void transposeCopy(int rows, int cols, float[] src, int srcOff, int ldSrc,
                              float[] dst, int dstOff, int ldDst) {
        for (int r = 0; r < rows; r++) {
            int from = srcOff + r * ldSrc;
            for (int c = 0; c < cols; c++) {
                dst[dstOff + c * ldDst + r] = src[from + c];
            }
        }
    }
}
