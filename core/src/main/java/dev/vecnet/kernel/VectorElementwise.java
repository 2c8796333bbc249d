package dev.vecnet.kernel;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.F2D;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.MAX;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API elementwise kernels. Loaded only on the vector path (see {@link Kernels}).
 *
 * <p>Every loop is a vector body up to the last full vector and then a scalar tail (masked loads and
 * stores are slow on JDK 17). Tails of the plain operations run {@link ScalarElementwise} on the
 * remaining elements (for matrices: the remaining columns, as a sub-matrix with the same leading
 * dimension); tails of the exponential family run the scalar twins in {@link VectorMath}, so an
 * element's result never depends on whether it fell in a body or a tail.
 *
 * <p>Each lane performs the same float operations in the same order as {@link ScalarElementwise},
 * so results are bit-identical except where {@link Elementwise} says otherwise: the exponential
 * family (a polynomial here, {@link Math#exp} there), the row sums of softmax and log-softmax and the
 * single-slope PReLU gradient (lane partial sums). Maxout and its gradient run the scalar loops
 * (see {@link #maxout}).
 *
 * <p>Rules that keep C2 from boxing vectors (which would allocate on every iteration), whatever the
 * program compiled before and however loaded the JIT is:
 * <ul>
 *   <li>No helper takes, returns or keeps a vector across a call: C2 boxes every vector crossing a
 *       call it did not inline, and whether it inlines depends on what it compiled before (see
 *       {@link VectorMath}). Helpers take arrays and offsets.</li>
 *   <li>A loop-carried vector (an accumulator) is never the receiver of an operation, only its
 *       argument: {@code sum = v.add(sum)}, not {@code sum = sum.add(v)}. A loop phi has no exact
 *       class, so a call on it is virtual, and C2 devirtualises it only from a type profile, which is
 *       missing when the JIT, under load, took the method through C1's non-profiling tier. After the
 *       loop, {@code zero.add(sum)} gives the accumulator back an exact class.</li>
 *   <li>Accumulators live inside one loop nest, never across the scalar tail's call.</li>
 * </ul>
 * {@code ElementwiseAllocationTest} checks that every kernel allocates nothing once compiled.
 */
final class VectorElementwise implements ElementwiseKernel {
    static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShapes.chosen());
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, VectorShapes.chosen());
    static final int L = F.length();
    /** Doubles of the same shape as {@link #F}: {@code L / 2} lanes. */
    static final VectorSpecies<Double> D = VectorSpecies.of(double.class, VectorShapes.chosen());

    private static final ScalarElementwise SCALAR = new ScalarElementwise();
    /** {@code 0, 1, .., L-1}: the lane offsets of the dropout counters. */
    private static final int[] IOTA = new int[L];

    static {
        for (int l = 0; l < L; l++) {
            IOTA[l] = l;
        }
    }

    VectorElementwise() {
        if (F.vectorBitSize() < 128 || I.length() != L) {
            throw new UnsupportedOperationException("the float species is only " + F.vectorBitSize() + " bits wide");
        }
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.blend(0f, v.compare(LT, 0f)).intoArray(y, yOff + i);
        }
        SCALAR.relu(n - i, x, xOff + i, y, yOff + i);
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int i = 0;
        FloatVector zero = FloatVector.zero(F);
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector g = FloatVector.fromArray(F, dy, dyOff + i);
            zero.blend(g, v.compare(GT, 0f)).intoArray(dx, dxOff + i);
        }
        SCALAR.reluBackward(n - i, x, xOff + i, dy, dyOff + i, dx, dxOff + i);
    }

    @Override
    public void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.blend(v.mul(slope), v.compare(LT, 0f)).intoArray(y, yOff + i);
        }
        SCALAR.leakyRelu(n - i, slope, x, xOff + i, y, yOff + i);
    }

    @Override
    public void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector g = FloatVector.fromArray(F, dy, dyOff + i);
            g.mul(slope).blend(g, v.compare(GT, 0f)).intoArray(dx, dxOff + i);
        }
        SCALAR.leakyReluBackward(n - i, slope, x, xOff + i, dy, dyOff + i, dx, dxOff + i);
    }

    @Override
    public void elu(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        VectorMath.elu(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void eluBackward(int n, float alpha, float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff,
                            float[] dx, int dxOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector out = FloatVector.fromArray(F, y, yOff + i);
            FloatVector g = FloatVector.fromArray(F, dy, dyOff + i);
            g.mul(out.add(alpha)).blend(g, v.compare(GT, 0f)).intoArray(dx, dxOff + i);
        }
        SCALAR.eluBackward(n - i, alpha, x, xOff + i, y, yOff + i, dy, dyOff + i, dx, dxOff + i);
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorMath.sigmoid(n, x, xOff, y, yOff);
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, y, yOff + i);
            FloatVector g = FloatVector.fromArray(F, dy, dyOff + i);
            g.mul(v).mul(v.neg().add(1f)).intoArray(dx, dxOff + i);
        }
        SCALAR.sigmoidBackward(n - i, y, yOff + i, dy, dyOff + i, dx, dxOff + i);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorMath.tanh(n, x, xOff, y, yOff);
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, y, yOff + i);
            FloatVector g = FloatVector.fromArray(F, dy, dyOff + i);
            g.mul(v.mul(v).neg().add(1f)).intoArray(dx, dxOff + i);
        }
        SCALAR.tanhBackward(n - i, y, yOff + i, dy, dyOff + i, dx, dxOff + i);
    }

    @Override
    public void exp(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorMath.expShifted(n, x, xOff, 0f, y, yOff);
    }

    @Override
    public void prelu(int rows, int cols, float[] x, int xOff, int ldx, float[] slopes, int sOff, boolean perColumn,
                      float[] y, int yOff, int ldy) {
        int bound = F.loopBound(cols);
        float single = perColumn ? 0f : slopes[sOff];
        for (int i = 0; i < rows; i++) {
            int xRow = xOff + i * ldx;
            int yRow = yOff + i * ldy;
            if (perColumn) {
                for (int j = 0; j < bound; j += L) {
                    FloatVector v = FloatVector.fromArray(F, x, xRow + j);
                    FloatVector s = FloatVector.fromArray(F, slopes, sOff + j);
                    v.blend(v.mul(s), v.compare(LT, 0f)).intoArray(y, yRow + j);
                }
            } else {
                for (int j = 0; j < bound; j += L) {
                    FloatVector v = FloatVector.fromArray(F, x, xRow + j);
                    v.blend(v.mul(single), v.compare(LT, 0f)).intoArray(y, yRow + j);
                }
            }
        }
        SCALAR.prelu(rows, cols - bound, x, xOff + bound, ldx, slopes, perColumn ? sOff + bound : sOff, perColumn,
                y, yOff + bound, ldy);
    }

    @Override
    public void preluBackward(int rows, int cols, float[] x, int xOff, int ldx, float[] slopes, int sOff,
                              boolean perColumn, float[] dy, int dyOff, int lddy, float[] dx, int dxOff, int lddx,
                              float[] dSlopes, int dsOff) {
        int bound = F.loopBound(cols);
        if (perColumn) {
            FloatVector zero = FloatVector.zero(F);
            for (int j = 0; j < bound; j += L) {
                zero.intoArray(dSlopes, dsOff + j);
            }
            for (int i = 0; i < rows; i++) {
                int xRow = xOff + i * ldx;
                int dyRow = dyOff + i * lddy;
                int dxRow = dxOff + i * lddx;
                for (int j = 0; j < bound; j += L) {
                    FloatVector v = FloatVector.fromArray(F, x, xRow + j);
                    FloatVector g = FloatVector.fromArray(F, dy, dyRow + j);
                    FloatVector s = FloatVector.fromArray(F, slopes, sOff + j);
                    VectorMask<Float> positive = v.compare(GT, 0f);
                    g.mul(s).blend(g, positive).intoArray(dx, dxRow + j);
                    FloatVector acc = FloatVector.fromArray(F, dSlopes, dsOff + j);
                    acc.add(v.mul(g).blend(0f, positive)).intoArray(dSlopes, dsOff + j);
                }
            }
            SCALAR.preluBackward(rows, cols - bound, x, xOff + bound, ldx, slopes, sOff + bound, true,
                    dy, dyOff + bound, lddy, dx, dxOff + bound, lddx, dSlopes, dsOff + bound);
            return;
        }
        float single = slopes[sOff];
        float total = 0f;
        for (int i = 0; i < rows; i++) {
            // One vector accumulator per row: a vector carried across both loops would be boxed on JDK 17.
            total += preluRowSum(bound, single, x, xOff + i * ldx, dy, dyOff + i * lddy, dx, dxOff + i * lddx);
        }
        // The tail columns' sum lands in dSlopes[dsOff]; the vector columns' sum is added to it.
        SCALAR.preluBackward(rows, cols - bound, x, xOff + bound, ldx, slopes, sOff, false,
                dy, dyOff + bound, lddy, dx, dxOff + bound, lddx, dSlopes, dsOff);
        dSlopes[dsOff] = total + dSlopes[dsOff];
    }

    /** One row of the single-slope PReLU gradient over columns {@code [0, bound)}; returns its slope-gradient sum. */
    private static float preluRowSum(int bound, float slope, float[] x, int xRow, float[] dy, int dyRow,
                                     float[] dx, int dxRow) {
        FloatVector sum = FloatVector.zero(F);
        for (int j = 0; j < bound; j += L) {
            FloatVector v = FloatVector.fromArray(F, x, xRow + j);
            FloatVector g = FloatVector.fromArray(F, dy, dyRow + j);
            VectorMask<Float> positive = v.compare(GT, 0f);
            g.mul(slope).blend(g, positive).intoArray(dx, dxRow + j);
            sum = v.mul(g).blend(0f, positive).add(sum);
        }
        // The sum starts at +0 and never becomes -0, so adding it to +0 changes nothing but its static type.
        return FloatVector.zero(F).add(sum).reduceLanes(ADD);
    }

    /**
     * Maxout runs the scalar loop. Its pieces are interleaved (unit-major), so lanes would need a
     * gather; a JDK 17 gather is intrinsified only when C2 inlines {@code IntVector.species}, which it
     * does from a type profile alone, so after C1's non-profiling tier (taken when the JIT is busy) every
     * gather allocated. Measured when it did work: about twice the scalar speed, for a layer that is
     * rarely the bottleneck.
     */
    @Override
    public void maxout(int rows, int units, int pieces, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy,
                       int[] argmax, int argOff) {
        SCALAR.maxout(rows, units, pieces, x, xOff, ldx, y, yOff, ldy, argmax, argOff);
    }

    @Override
    public void maxoutBackward(int rows, int units, int pieces, int[] argmax, int argOff, float[] dy, int dyOff,
                               int ldy, float[] dx, int dxOff, int ldx) {
        SCALAR.maxoutBackward(rows, units, pieces, argmax, argOff, dy, dyOff, ldy, dx, dxOff, ldx);
    }

    // ---------------------------------------------------------------- rows and columns

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        int bound = F.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int xRow = xOff + i * ldx;
            int yRow = yOff + i * ldy;
            float sum = VectorMath.expShifted(cols, x, xRow, rowMax(cols, bound, x, xRow), y, yRow);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(F, y, yRow + j).div(sum).intoArray(y, yRow + j);
            }
            for (; j < cols; j++) {
                y[yRow + j] /= sum;
            }
        }
    }

    @Override
    public void logSoftmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        int bound = F.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int xRow = xOff + i * ldx;
            int yRow = yOff + i * ldy;
            float max = rowMax(cols, bound, x, xRow);
            float logSum = (float) Math.log(VectorMath.expShifted(cols, x, xRow, max, null, 0));
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(F, x, xRow + j).sub(max).sub(logSum).intoArray(y, yRow + j);
            }
            for (; j < cols; j++) {
                y[yRow + j] = (x[xRow + j] - max) - logSum;
            }
        }
    }

    /** The largest value of a row (NaN if it holds one), as {@link Math#max} folds it. */
    private static float rowMax(int cols, int bound, float[] x, int row) {
        FloatVector maxes = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < bound; j += L) {
            maxes = FloatVector.fromArray(F, x, row + j).max(maxes);
        }
        float max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY).max(maxes).reduceLanes(MAX);
        for (; j < cols; j++) {
            max = Math.max(max, x[row + j]);
        }
        return max;
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOff, int ldx, float[] sums, int sumsOff) {
        // Column blocks of 4 vectors, then of one, summed over all rows in registers: 4 independent chains.
        int j = 0;
        for (; j + 4 * L <= cols; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F);
            for (int i = 0, row = xOff + j; i < rows; i++, row += ldx) {
                s0 = FloatVector.fromArray(F, x, row).add(s0);
                s1 = FloatVector.fromArray(F, x, row + L).add(s1);
                s2 = FloatVector.fromArray(F, x, row + 2 * L).add(s2);
                s3 = FloatVector.fromArray(F, x, row + 3 * L).add(s3);
            }
            // Sums start at +0 and never become -0: adding them to +0 only gives them an exact type.
            FloatVector zero = FloatVector.zero(F);
            zero.add(s0).intoArray(sums, sumsOff + j);
            zero.add(s1).intoArray(sums, sumsOff + j + L);
            zero.add(s2).intoArray(sums, sumsOff + j + 2 * L);
            zero.add(s3).intoArray(sums, sumsOff + j + 3 * L);
        }
        for (; j + L <= cols; j += L) {
            FloatVector s0 = FloatVector.zero(F);
            for (int i = 0, row = xOff + j; i < rows; i++, row += ldx) {
                s0 = FloatVector.fromArray(F, x, row).add(s0);
            }
            FloatVector.zero(F).add(s0).intoArray(sums, sumsOff + j);
        }
        SCALAR.columnSums(rows, cols - j, x, xOff + j, ldx, sums, sumsOff + j);
    }

    @Override
    public void columnMeanVariance(int rows, int cols, float[] x, int xOff, int ldx, float[] mean, int meanOff,
                                   float[] var, int varOff) {
        int bound = F.loopBound(cols);
        FloatVector zero = FloatVector.zero(F);
        float n = rows;
        for (int j = 0; j < bound; j += L) {
            zero.intoArray(mean, meanOff + j);
        }
        for (int i = 1; i < rows; i++) {
            int xRow = xOff + i * ldx;
            for (int j = 0; j < bound; j += L) {
                FloatVector shifted = FloatVector.fromArray(F, x, xRow + j).sub(FloatVector.fromArray(F, x, xOff + j));
                FloatVector.fromArray(F, mean, meanOff + j).add(shifted).intoArray(mean, meanOff + j);
            }
        }
        for (int j = 0; j < bound; j += L) {
            FloatVector.fromArray(F, mean, meanOff + j).div(n).add(FloatVector.fromArray(F, x, xOff + j))
                    .intoArray(mean, meanOff + j);
            zero.intoArray(var, varOff + j);
        }
        for (int i = 0; i < rows; i++) {
            int xRow = xOff + i * ldx;
            for (int j = 0; j < bound; j += L) {
                FloatVector d = FloatVector.fromArray(F, x, xRow + j).sub(FloatVector.fromArray(F, mean, meanOff + j));
                FloatVector.fromArray(F, var, varOff + j).add(d.mul(d)).intoArray(var, varOff + j);
            }
        }
        for (int j = 0; j < bound; j += L) {
            FloatVector.fromArray(F, var, varOff + j).div(n).intoArray(var, varOff + j);
        }
        SCALAR.columnMeanVariance(rows, cols - bound, x, xOff + bound, ldx, mean, meanOff + bound, var, varOff + bound);
    }

    @Override
    public void batchNormForward(int rows, int cols, float[] x, int xOff, int ldx, float[] mean, int meanOff,
                                 float[] invStd, int invStdOff, float[] gamma, int gOff, float[] beta, int bOff,
                                 float[] xhat, int xhatOff, int ldxhat, float[] y, int yOff, int ldy) {
        int bound = F.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int xRow = xOff + i * ldx;
            int yRow = yOff + i * ldy;
            int hRow = xhatOff + i * ldxhat;
            for (int j = 0; j < bound; j += L) {
                FloatVector h = FloatVector.fromArray(F, x, xRow + j).sub(FloatVector.fromArray(F, mean, meanOff + j))
                        .mul(FloatVector.fromArray(F, invStd, invStdOff + j));
                if (xhat != null) {
                    h.intoArray(xhat, hRow + j);
                }
                FloatVector.fromArray(F, gamma, gOff + j).mul(h).add(FloatVector.fromArray(F, beta, bOff + j))
                        .intoArray(y, yRow + j);
            }
        }
        SCALAR.batchNormForward(rows, cols - bound, x, xOff + bound, ldx, mean, meanOff + bound, invStd,
                invStdOff + bound, gamma, gOff + bound, beta, bOff + bound, xhat, xhatOff + bound, ldxhat,
                y, yOff + bound, ldy);
    }

    @Override
    public void batchNormBackward(int rows, int cols, float[] dy, int dyOff, int lddy, float[] xhat, int xhatOff,
                                  int ldxhat, float[] gamma, int gOff, float[] invStd, int invStdOff, float[] dx,
                                  int dxOff, int lddx, float[] dGamma, int dgOff, float[] dBeta, int dbOff) {
        int bound = F.loopBound(cols);
        FloatVector zero = FloatVector.zero(F);
        for (int j = 0; j < bound; j += L) {
            zero.intoArray(dBeta, dbOff + j);
            zero.intoArray(dGamma, dgOff + j);
        }
        for (int i = 0; i < rows; i++) {
            int dyRow = dyOff + i * lddy;
            int hRow = xhatOff + i * ldxhat;
            for (int j = 0; j < bound; j += L) {
                FloatVector g = FloatVector.fromArray(F, dy, dyRow + j);
                FloatVector h = FloatVector.fromArray(F, xhat, hRow + j);
                FloatVector.fromArray(F, dBeta, dbOff + j).add(g).intoArray(dBeta, dbOff + j);
                FloatVector.fromArray(F, dGamma, dgOff + j).add(g.mul(h)).intoArray(dGamma, dgOff + j);
            }
        }
        float n = rows;
        float invN = 1f / n;
        for (int i = 0; i < rows; i++) {
            int dyRow = dyOff + i * lddy;
            int hRow = xhatOff + i * ldxhat;
            int dxRow = dxOff + i * lddx;
            for (int j = 0; j < bound; j += L) {
                FloatVector g = FloatVector.fromArray(F, dy, dyRow + j);
                FloatVector h = FloatVector.fromArray(F, xhat, hRow + j);
                FloatVector t = g.mul(n).sub(FloatVector.fromArray(F, dBeta, dbOff + j))
                        .sub(h.mul(FloatVector.fromArray(F, dGamma, dgOff + j)));
                FloatVector.fromArray(F, gamma, gOff + j).mul(FloatVector.fromArray(F, invStd, invStdOff + j))
                        .mul(invN).mul(t).intoArray(dx, dxRow + j);
            }
        }
        SCALAR.batchNormBackward(rows, cols - bound, dy, dyOff + bound, lddy, xhat, xhatOff + bound, ldxhat,
                gamma, gOff + bound, invStd, invStdOff + bound, dx, dxOff + bound, lddx,
                dGamma, dgOff + bound, dBeta, dbOff + bound);
    }

    // ---------------------------------------------------------------- dropout and BLAS-1

    @Override
    public void dropout(int n, float p, long seed, long counter, float[] x, int xOff, float[] mask, int maskOff,
                        float[] y, int yOff) {
        int k0 = DropoutHash.key0(seed);
        int k1 = DropoutHash.key1(seed);
        int threshold = DropoutHash.threshold(p);
        int keepBits = Float.floatToRawIntBits(DropoutHash.keepScale(p));
        int i = 0;
        while (i < n) {
            // A segment of indices sharing their high 32 bits: the low halves then count up without a carry.
            long c = counter + i;
            int end = (int) Math.min(n, i + (1L << 32) - (c & 0xFFFF_FFFFL));
            int bound = i + F.loopBound(end - i);
            int hiTerm = (int) (c >>> 32) * DropoutHash.HI_MULTIPLIER + k1;
            dropoutBody(i, bound, (int) c, hiTerm, k0, threshold, keepBits, x, xOff, mask, maskOff, y, yOff);
            SCALAR.dropout(end - bound, p, seed, counter + bound, x, xOff + bound, mask, maskOff + bound,
                    y, yOff + bound);
            i = end;
        }
    }

    /**
     * Elements {@code [from, bound)} of a segment whose first index has low half {@code lo0}. Its vectors
     * live only here, never across the scalar call that follows (JDK 17 boxes vectors live across calls).
     */
    private static void dropoutBody(int from, int bound, int lo0, int hiTerm, int k0, int threshold, int keepBits,
                                    float[] x, int xOff, float[] mask, int maskOff, float[] y, int yOff) {
        IntVector zero = IntVector.zero(I);
        IntVector iota = IntVector.fromArray(I, IOTA, 0);
        for (int i = from; i < bound; i += L) {
            IntVector lo = iota.add(lo0 + (i - from));
            // DropoutHash.bits, written out: a helper taking vectors would box them unless inlined.
            IntVector h = lo.mul(DropoutHash.GOLDEN).add(k0);
            h = h.lanewise(XOR, h.lanewise(LSHR, 16)).mul(DropoutHash.FMIX_1);
            h = h.lanewise(XOR, h.lanewise(LSHR, 13)).mul(DropoutHash.FMIX_2);
            h = h.lanewise(XOR, h.lanewise(LSHR, 16)).lanewise(XOR, hiTerm);
            h = h.lanewise(XOR, h.lanewise(LSHR, 16)).mul(DropoutHash.FMIX_1);
            h = h.lanewise(XOR, h.lanewise(LSHR, 13)).mul(DropoutHash.FMIX_2);
            h = h.lanewise(XOR, h.lanewise(LSHR, 16));
            VectorMask<Integer> keep = h.lanewise(LSHR, 8).compare(GE, threshold);
            FloatVector m = zero.blend(keepBits, keep).reinterpretAsFloats();
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            m.intoArray(mask, maskOff + i);
            v.mul(m).intoArray(y, yOff + i);
        }
    }

    @Override
    public void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(FloatVector.fromArray(F, y, yOff + i)).intoArray(z, zOff + i);
        }
        SCALAR.multiply(n - i, x, xOff + i, y, yOff + i, z, zOff + i);
    }

    /**
     * {@code x * 0} is 0 for a finite x and NaN for NaN or infinity; a sum of them is NaN iff any was.
     * Written like the other reductions here (the loaded vector is the receiver, the accumulator the
     * argument, one lane reduction at the end, no masks) so that it stays allocation-free on JDK 17
     * whatever C2 decides to inline.
     */
    @Override
    public boolean allFinite(int n, float[] x, int xOff) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            acc = FloatVector.fromArray(F, x, xOff + i).mul(0f).add(acc);
        }
        float sum = FloatVector.zero(F).add(acc).reduceLanes(ADD);
        return !Float.isNaN(sum) && SCALAR.allFinite(n - i, x, xOff + i);
    }

    /**
     * The sixteen partial sums of {@link Elementwise#sumOfSquares} as two (512-bit) or four (256-bit) double
     * vectors, lane {@code l} of vector {@code k} being sum {@code k * L / 2 + l}; other widths run the scalar
     * loop, which has too few lanes here to gain from vectors. Each float vector widens to doubles in two halves
     * ({@code convert(F2D, part)}); the square of a float is exact in double, so the fused multiply-add rounds only
     * the sum, as the scalar loop's separate multiply and add do.
     */
    @Override
    public double sumOfSquaresAxpy(int n, float[] x, int xOff, float a, float[] y, int yOff) {
        if (L == 16) {
            return sumOfSquares512(n, x, xOff, a, y, yOff);
        }
        if (L == 8) {
            return sumOfSquares256(n, x, xOff, a, y, yOff);
        }
        return SCALAR.sumOfSquaresAxpy(n, x, xOff, a, y, yOff);
    }

    private static double sumOfSquares512(int n, float[] x, int xOff, float a, float[] y, int yOff) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        int blocks = n & -ScalarElementwise.SQUARE_CHAINS;
        for (int i = 0; i < blocks; i += 16) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            DoubleVector lo = (DoubleVector) v.convert(F2D, 0);
            DoubleVector hi = (DoubleVector) v.convert(F2D, 1);
            s0 = lo.fma(lo, s0);
            s1 = hi.fma(hi, s1);
            if (y != null) {
                FloatVector.fromArray(F, y, yOff + i).add(v.mul(a)).intoArray(y, yOff + i);
            }
        }
        // t_j = s_j + s_(j+8) as one vector; then u_j = t_j + t_(j+4) and v_j = u_j + u_(j+2) lane by lane.
        DoubleVector t = DoubleVector.zero(D).add(s0).add(s1);
        double u0 = t.lane(0) + t.lane(4);
        double u1 = t.lane(1) + t.lane(5);
        double u2 = t.lane(2) + t.lane(6);
        double u3 = t.lane(3) + t.lane(7);
        return ScalarElementwise.sumOfSquaresTail(u0 + u2, u1 + u3, n - blocks, x, xOff + blocks, a, y,
                yOff + blocks);
    }

    private static double sumOfSquares256(int n, float[] x, int xOff, float a, float[] y, int yOff) {
        DoubleVector s0 = DoubleVector.zero(D);
        DoubleVector s1 = DoubleVector.zero(D);
        DoubleVector s2 = DoubleVector.zero(D);
        DoubleVector s3 = DoubleVector.zero(D);
        int blocks = n & -ScalarElementwise.SQUARE_CHAINS;
        for (int i = 0; i < blocks; i += 16) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector w = FloatVector.fromArray(F, x, xOff + i + 8);
            DoubleVector v0 = (DoubleVector) v.convert(F2D, 0);
            DoubleVector v1 = (DoubleVector) v.convert(F2D, 1);
            DoubleVector w0 = (DoubleVector) w.convert(F2D, 0);
            DoubleVector w1 = (DoubleVector) w.convert(F2D, 1);
            s0 = v0.fma(v0, s0);
            s1 = v1.fma(v1, s1);
            s2 = w0.fma(w0, s2);
            s3 = w1.fma(w1, s3);
            if (y != null) {
                FloatVector.fromArray(F, y, yOff + i).add(v.mul(a)).intoArray(y, yOff + i);
                FloatVector.fromArray(F, y, yOff + i + 8).add(w.mul(a)).intoArray(y, yOff + i + 8);
            }
        }
        // t_j = s_j + s_(j+8) for j < 4 and j = 4..7, u_j = t_j + t_(j+4) as vectors; v_j = u_j + u_(j+2) by lane.
        DoubleVector tLow = DoubleVector.zero(D).add(s0).add(s2);
        DoubleVector tHigh = DoubleVector.zero(D).add(s1).add(s3);
        DoubleVector u = tLow.add(tHigh);
        return ScalarElementwise.sumOfSquaresTail(u.lane(0) + u.lane(2), u.lane(1) + u.lane(3), n - blocks, x,
                xOff + blocks, a, y, yOff + blocks);
    }

    @Override
    public void scale(int n, float a, float[] x, int xOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(a).intoArray(x, xOff + i);
        }
        SCALAR.scale(n - i, a, x, xOff + i);
    }

    @Override
    public void axpy(int n, float a, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, y, yOff + i).add(FloatVector.fromArray(F, x, xOff + i).mul(a))
                    .intoArray(y, yOff + i);
        }
        SCALAR.axpy(n - i, a, x, xOff + i, y, yOff + i);
    }

    @Override
    public void transpose(int rows, int cols, float[] src, int srcOff, int ldSrc, float[] dst, int dstOff, int ldDst) {
        VectorTranspose.transpose(src, srcOff, ldSrc, rows, cols, dst, dstOff, ldDst);
    }
}
