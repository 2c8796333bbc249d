package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Shared test support for the SGEMM tests: the two references and a random problem generator.
 *
 * <ul>
 *   <li>{@link #exactSgemm}: a float reference that sums each element exactly as the library documents
 *       it (per K block of {@link GemmBlocking#KC}: {@code acc = fma(a, b, acc)} for p in increasing
 *       order from 0, then {@code v = acc * alpha; if (beta != 0) v += cOld * beta; + bias; act}, with
 *       beta 1 after the first block and bias/act on the last block only). Every path must match it
 *       bit for bit.</li>
 *   <li>{@link #doubleSgemm}: a naive double-precision GEMM plus the reference-BLAS-tester error bound
 *       (see {@link DoubleResult}).</li>
 *   <li>{@link Problem}: a random problem with padded leading dimensions, non-zero offsets, NaN in the
 *       padding of A, B and bias (must never be read), a sentinel in the padding of C (must never be
 *       written) and NaN in C's window when beta is 0 (must never be read).</li>
 * </ul>
 *
 * <p>The activation is written out here rather than calling {@link Epilogue#apply}, so that the
 * reference does not depend on the code under test.
 */
final class GemmReference {
    /** Written around C's window; any change to it means the library wrote outside the window. */
    static final float SENTINEL = -12345.0f;
    /** float machine epsilon, 2^-23 (twice the unit roundoff u = 2^-24). */
    static final double EPS = Math.ulp(1.0f);
    /** The sizes of the brief; {@link #sizes()} adds the vector lane count +-1. */
    static final int[] BASE_SIZES = {0, 1, 2, 3, 5, 7, 15, 16, 17, 31, 33, 63, 65, 97, 127, 129, 257};
    static final float[] ALPHAS = {0f, 1f, 0.7f, -1.3f};
    static final float[] BETAS = {0f, 1f, 1.3f};
    static final boolean[][] TRANSPOSES = {{false, false}, {false, true}, {true, false}, {true, true}};

    private GemmReference() {
    }

    /** Float lanes of the chosen kernels, 16 on the scalar path. */
    static int lanes() {
        int bits = Kernels.vectorBitSize();
        return bits == 0 ? 16 : bits / 32;
    }

    /** {@link #BASE_SIZES} plus lanes-1, lanes, lanes+1 and 2*lanes +- 1 (one micro-tile width), sorted. */
    static int[] sizes() {
        TreeSet<Integer> set = new TreeSet<>();
        for (int s : BASE_SIZES) {
            set.add(s);
        }
        int l = lanes();
        set.add(l - 1);
        set.add(l);
        set.add(l + 1);
        set.add(2 * l - 1);
        set.add(2 * l + 1);
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    static float opA(boolean transA, float[] a, int aOff, int lda, int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    static float opB(boolean transB, float[] b, int bOff, int ldb, int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** The activation as documented: RELU {@code v < 0 ? 0 : v}, LEAKY_RELU {@code v < 0 ? v * slope : v}. */
    static float activate(Epilogue act, float v, float slope) {
        switch (act) {
            case RELU:
                return v < 0f ? 0f : v;
            case LEAKY_RELU:
                return v < 0f ? v * slope : v;
            case IDENTITY:
                return v;
            default:
                throw new AssertionError(act);
        }
    }

    /**
     * The exact float reference, written into {@code c}'s {@code m x n} window (nothing else of c is
     * touched): see the class comment for the order of operations. {@code alpha == 0} or {@code k == 0}
     * give {@code act(beta * c + bias)} (0 when beta is 0) without reading A or B; {@code beta == 0}
     * never reads C.
     */
    static void exactSgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float beta, float[] c, int cOff, int ldc,
                           float[] bias, int biasOff, Epilogue act, float slope) {
        int kc = GemmBlocking.KC;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int ci = cOff + i * ldc + j;
                if (alpha == 0f || k == 0) {
                    float v = beta != 0f ? c[ci] * beta : 0f;
                    if (bias != null) {
                        v += bias[biasOff + j];
                    }
                    c[ci] = activate(act, v, slope);
                    continue;
                }
                float cur = 0f; // only read from the second K block on (or when beta != 0)
                for (int pc = 0; pc < k; pc += kc) {
                    int end = Math.min(k, pc + kc);
                    float acc = 0f;
                    for (int p = pc; p < end; p++) {
                        acc = Math.fma(opA(transA, a, aOff, lda, i, p), opB(transB, b, bOff, ldb, p, j), acc);
                    }
                    float blockBeta = pc == 0 ? beta : 1f;
                    float old = pc == 0 ? (beta != 0f ? c[ci] : Float.NaN) : cur;
                    float v = acc * alpha;
                    if (blockBeta != 0f) {
                        v += old * blockBeta;
                    }
                    boolean last = end == k;
                    if (last && bias != null) {
                        v += bias[biasOff + j];
                    }
                    cur = last ? activate(act, v, slope) : v;
                }
                c[ci] = cur;
            }
        }
    }

    /**
     * A double-precision result and its error bound. The bound is that of the reference BLAS tester,
     * {@code |C - Cref| <= gamma * (|alpha| * sum_p |a_ip b_pj| + |beta * c0_ij| + |bias_j|)} with
     * {@code gamma = (k + 2 * ceil(k / KC) + 3) * eps}, eps = 2^-23:
     * <ul>
     *   <li>Rounding errors: with one fma per p each term of the K-block sum is rounded at most kc times;
     *       per K block, {@code acc * alpha} and the add of the previous block's value (or of
     *       {@code beta * c0}) round twice more, {@code beta * c0} rounds once and the bias add once.
     *       So no term goes through more than {@code N = k + 2 * blocks + 3} roundings, each of
     *       relative size at most u = 2^-24, and the classical bound is {@code gamma_N = N u / (1 - N u)}
     *       times the sum of magnitudes, which is at most {@code N * eps} for {@code N u <= 1/2}.
     *       Using eps = 2u therefore covers the second-order terms with room to spare; it is still a
     *       tight enough check to catch any wrong or missing term (a wrong term is an O(1) relative
     *       error, the bound is about 1e-5 relative at k = 257).</li>
     *   <li>RELU is 1-Lipschitz and exact in float, so it adds nothing; LEAKY_RELU is not used here.</li>
     *   <li>An absolute {@code N * Float.MIN_NORMAL} covers underflow of tiny products.</li>
     * </ul>
     * The double reference itself is exact up to about k * 2^-53 relative (float products are exact in
     * double), negligible beside the bound.
     */
    static final class DoubleResult {
        final double[] value;
        final double[] bound;

        DoubleResult(double[] value, double[] bound) {
            this.value = value;
            this.bound = bound;
        }
    }

    /** Naive double GEMM of {@code p} (act IDENTITY or RELU), values and bounds indexed {@code i * n + j}. */
    static DoubleResult doubleSgemm(Problem p) {
        if (p.act == Epilogue.LEAKY_RELU) {
            throw new IllegalArgumentException("the double reference only models IDENTITY and RELU");
        }
        int m = p.m;
        int n = p.n;
        int k = p.k;
        double[] value = new double[m * n];
        double[] bound = new double[m * n];
        int blocks = (k + GemmBlocking.KC - 1) / GemmBlocking.KC;
        double gamma = (k + 2.0 * blocks + 3.0) * EPS;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double mag = 0;
                if (p.alpha != 0f) {
                    for (int q = 0; q < k; q++) {
                        double prod = (double) opA(p.transA, p.a, p.aOff, p.lda, i, q)
                                * opB(p.transB, p.b, p.bOff, p.ldb, q, j);
                        sum += prod;
                        mag += Math.abs(prod);
                    }
                }
                double v = p.alpha * sum;
                double scale = Math.abs(p.alpha) * mag;
                if (p.beta != 0f) {
                    double c0 = p.c[p.cOff + i * p.ldc + j];
                    v += p.beta * c0;
                    scale += Math.abs(p.beta * c0);
                }
                if (p.bias != null) {
                    v += p.bias[p.biasOff + j];
                    scale += Math.abs(p.bias[p.biasOff + j]);
                }
                if (p.act == Epilogue.RELU && v < 0) {
                    v = 0;
                }
                value[i * n + j] = v;
                bound[i * n + j] = gamma * scale + (k + 2.0 * blocks + 3.0) * Float.MIN_NORMAL;
            }
        }
        return new DoubleResult(value, bound);
    }

    /** C after a plain GEMM followed by a separate pass {@code c[i][j] = act(c[i][j] + bias[j])}. */
    static void biasActivationPass(Problem p, float[] c) {
        for (int i = 0; i < p.m; i++) {
            for (int j = 0; j < p.n; j++) {
                int ci = p.cOff + i * p.ldc + j;
                float v = c[ci];
                if (p.bias != null) {
                    v += p.bias[p.biasOff + j];
                }
                c[ci] = activate(p.act, v, p.slope);
            }
        }
    }

    /** How the window values of A and B (and C, bias) are drawn. */
    enum Values {
        /** Uniform in [-1, 1]. */
        UNIFORM,
        /** Random sign, mantissa and exponent in [-40, 20], a few exact zeros and subnormals. */
        WIDE,
        /** Integers in [-4, 4]: all sums of the tests stay exact in float. */
        SMALL_INT
    }

    static float value(SplittableRandom rnd, Values values) {
        switch (values) {
            case UNIFORM:
                return (float) rnd.nextDouble(-1, 1);
            case SMALL_INT:
                return rnd.nextInt(-4, 5);
            case WIDE: {
                int kind = rnd.nextInt(40);
                if (kind == 0) {
                    return 0f;
                }
                if (kind == 1) {
                    return (rnd.nextBoolean() ? 1 : -1) * Float.MIN_VALUE * rnd.nextInt(1, 1 << 20);
                }
                float mant = (float) rnd.nextDouble(1, 2);
                float v = Math.scalb(mant, rnd.nextInt(-40, 21));
                return rnd.nextBoolean() ? v : -v;
            }
            default:
                throw new AssertionError(values);
        }
    }

    /** Number of array elements a {@code rows x cols} matrix with leading dimension ld spans. */
    static int extent(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
    }

    /**
     * One GEMM problem with its storage. C holds the initial contents (never modified by the run methods,
     * which work on copies).
     */
    /**
     * The GEMM kernels to check: this JVM's, and on the vector path the vector GEMM with every other
     * register tile (the tile is chosen per machine, so each would otherwise only be tested where it is
     * chosen).
     */
    static java.util.List<GemmKernel> kernels() {
        java.util.List<GemmKernel> kernels = new java.util.ArrayList<>();
        kernels.add(Kernels.gemm());
        if (Kernels.path() == Kernels.Path.VECTOR) {
            kernels.addAll(VectorTileKernels.otherTiles());
        }
        return kernels;
    }

    static final class Problem {
        final boolean transA;
        final boolean transB;
        final int m;
        final int n;
        final int k;
        final float alpha;
        final float beta;
        final float[] a;
        final int aOff;
        final int lda;
        final float[] b;
        final int bOff;
        final int ldb;
        final float[] c;
        final int cOff;
        final int ldc;
        float[] bias;
        int biasOff;
        Epilogue act = Epilogue.IDENTITY;
        float slope;
        /** 0: A, B and C in separate arrays; 1: A and B share one array; 2: A, B and C share one array. */
        private final int share;
        /** The kernel the library's GEMM runs on: the one this JVM chose unless {@link #on} says another. */
        private GemmKernel kernel = Kernels.gemm();

        Problem(boolean transA, boolean transB, int m, int n, int k, float alpha,
                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                float beta, float[] c, int cOff, int ldc) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.share = a != b ? 0 : b != c ? 1 : 2;
        }

        /**
         * A random problem with random padding (0..5) and offsets (0..9); A and B share one array a third
         * of the time, A, B and C (in disjoint ranges) another third.
         */
        static Problem random(SplittableRandom rnd, boolean transA, boolean transB, int m, int n, int k,
                              float alpha, float beta, Values values) {
            int padA = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1, 6);
            int padB = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1, 6);
            int padC = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1, 6);
            return random(rnd, transA, transB, m, n, k, alpha, beta, values,
                    padA, padB, padC, rnd.nextInt(10), rnd.nextInt(10), rnd.nextInt(10), rnd.nextInt(3));
        }

        /**
         * A random problem with the given paddings of the leading dimensions and offsets. {@code share}:
         * 0 for separate arrays, 1 for A and B in one array (bOff is then the gap after A), 2 for A, B and
         * C in one array (cOff is then the gap after B).
         */
        static Problem random(SplittableRandom rnd, boolean transA, boolean transB, int m, int n, int k,
                              float alpha, float beta, Values values,
                              int padA, int padB, int padC, int aOff, int bOff, int cOff, int share) {
            int aRows = transA ? k : m;
            int aCols = transA ? m : k;
            int bRows = transB ? n : k;
            int bCols = transB ? k : n;
            int lda = Math.max(1, aCols) + padA;
            int ldb = Math.max(1, bCols) + padB;
            int ldc = Math.max(1, n) + padC;
            int aExt = extent(aRows, aCols, lda);
            int bExt = extent(bRows, bCols, ldb);
            float[] a;
            float[] b;
            int cExt = extent(m, n, ldc);
            float[] c;
            if (share > 0) {
                int bStart = aOff + aExt + bOff; // bOff doubles as the gap between A and B
                int cStart = bStart + bExt + cOff; // and cOff as the gap between B and C
                a = new float[(share == 2 ? cStart + cExt : bStart + bExt) + rnd.nextInt(4)];
                b = a;
                bOff = bStart;
                if (share == 2) {
                    cOff = cStart;
                }
            } else {
                a = new float[aOff + aExt + rnd.nextInt(4)];
                b = new float[bOff + bExt + rnd.nextInt(4)];
            }
            Arrays.fill(a, Float.NaN);
            Arrays.fill(b, Float.NaN);
            if (share == 2) {
                c = a;
                Arrays.fill(c, cOff, c.length, SENTINEL);
            } else {
                c = new float[cOff + cExt + rnd.nextInt(4)];
                Arrays.fill(c, SENTINEL);
            }
            fill(rnd, values, a, aOff, lda, aRows, aCols);
            fill(rnd, values, b, bOff, ldb, bRows, bCols);
            if (beta == 0f) {
                for (int i = 0; i < m && n > 0; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, Float.NaN);
                }
            } else {
                fill(rnd, values == Values.WIDE ? Values.UNIFORM : values, c, cOff, ldc, m, n);
            }
            return new Problem(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }

        static void fill(SplittableRandom rnd, Values values, float[] x, int off, int ld, int rows, int cols) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    x[off + i * ld + j] = value(rnd, values);
                }
            }
        }

        /** Adds a bias (NaN around it, at a random offset) and an activation. */
        Problem withEpilogue(SplittableRandom rnd, boolean withBias, Epilogue act, float slope, Values values) {
            if (withBias) {
                biasOff = rnd.nextInt(6);
                bias = new float[biasOff + n + rnd.nextInt(4)];
                Arrays.fill(bias, Float.NaN);
                for (int j = 0; j < n; j++) {
                    bias[biasOff + j] = values == Values.WIDE ? (float) rnd.nextDouble(-1, 1) : value(rnd, values);
                }
            } else {
                bias = null;
                biasOff = 0;
            }
            this.act = act;
            this.slope = slope;
            return this;
        }

        /** A random epilogue: bias or not, any activation, a slope in {0.01, 0.2, -0.5, 1.5}. */
        Problem withRandomEpilogue(SplittableRandom rnd, Values values) {
            Epilogue[] acts = Epilogue.values();
            float[] slopes = {0.01f, 0.2f, -0.5f, 1.5f};
            return withEpilogue(rnd, rnd.nextInt(4) != 0, acts[rnd.nextInt(acts.length)],
                    slopes[rnd.nextInt(slopes.length)], values);
        }

        boolean hasEpilogue() {
            return bias != null || act != Epilogue.IDENTITY;
        }

        /** C as the exact fma-order reference computes it (whole array: padding stays as it was). */
        float[] expected() {
            float[] out = c.clone();
            exactSgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc,
                    bias, biasOff, act, slope);
            return out;
        }

        /**
         * C after the library's unpacked sgemm on a copy; checks that A, B and bias were not modified.
         * When A, B and C share one array, the copy holds all three (so that A and B are checked by the
         * comparison of the whole array).
         */
        float[] run(WorkerTeam threads) {
            float[] out = c.clone();
            float[] a0 = a.clone();
            float[] b0 = b.clone();
            float[] bias0 = bias == null ? null : bias.clone();
            float[] aa = share == 2 ? out : a;
            float[] bb = share == 2 ? out : b;
            if (kernel != Kernels.gemm()) {
                Gemm.sgemmWith(kernel, transA, transB, m, n, k, alpha, aa, aOff, lda, bb, bOff, ldb, beta, out, cOff,
                        ldc, bias, biasOff, act, slope, threads);
            } else if (threads == null && !hasEpilogue()) {
                Gemm.sgemm(transA, transB, m, n, k, alpha, aa, aOff, lda, bb, bOff, ldb, beta, out, cOff, ldc);
            } else {
                Gemm.sgemm(transA, transB, m, n, k, alpha, aa, aOff, lda, bb, bOff, ldb, beta, out, cOff, ldc,
                        bias, biasOff, act, slope, threads);
            }
            checkInputsUnchanged(a0, b0, bias0);
            return out;
        }

        /** C after packing op(B) and the library's packed sgemm on a copy; checks the inputs were not modified. */
        float[] runPacked(WorkerTeam threads) {
            float[] a0 = a.clone();
            float[] b0 = b.clone();
            float[] bias0 = bias == null ? null : bias.clone();
            PackedMatrix packed = PackedMatrix.pack(transB, k, n, b, bOff, ldb);
            assertEquals(k, packed.k(), "PackedMatrix.k()");
            assertEquals(n, packed.n(), "PackedMatrix.n()");
            float[] out = runPacked(packed, threads);
            checkInputsUnchanged(a0, b0, bias0);
            return out;
        }

        /** C after the library's packed sgemm with a given packed B (must be op(B) of this problem). */
        float[] runPacked(PackedMatrix packed, WorkerTeam threads) {
            float[] out = c.clone();
            float[] aa = share == 2 ? out : a;
            if (kernel != Kernels.gemm()) {
                Gemm.sgemmWith(kernel, transA, m, alpha, aa, aOff, lda, packed, beta, out, cOff, ldc,
                        bias, biasOff, act, slope, threads);
            } else if (threads == null && !hasEpilogue()) {
                Gemm.sgemm(transA, m, alpha, aa, aOff, lda, packed, beta, out, cOff, ldc);
            } else {
                Gemm.sgemm(transA, m, alpha, aa, aOff, lda, packed, beta, out, cOff, ldc,
                        bias, biasOff, act, slope, threads);
            }
            return out;
        }

        private void checkInputsUnchanged(float[] a0, float[] b0, float[] bias0) {
            assertArrayEquals(a0, a, () -> "A was modified: " + this);
            assertArrayEquals(b0, b, () -> "B was modified: " + this);
            if (bias != null) {
                assertArrayEquals(bias0, bias, () -> "bias was modified: " + this);
            }
        }

        /**
         * Asserts that two versions of the whole C array are identical bit for bit (NaNs of any payload
         * are equal; +0.0 and -0.0 differ), reporting the first difference by row and column.
         */
        void assertSameBits(float[] expected, float[] actual, String what) {
            assertEquals(expected.length, actual.length, "length of C");
            int mismatches = 0;
            int first = -1;
            for (int idx = 0; idx < expected.length; idx++) {
                if (Float.floatToIntBits(expected[idx]) != Float.floatToIntBits(actual[idx])) {
                    if (first < 0) {
                        first = idx;
                    }
                    mismatches++;
                }
            }
            if (first >= 0) {
                fail(String.format(Locale.ROOT, "%s: %d element(s) of C differ, first at %s: expected %s (0x%08x), was %s (0x%08x); %s",
                        what, mismatches, where(first), expected[first], Float.floatToRawIntBits(expected[first]),
                        actual[first], Float.floatToRawIntBits(actual[first]), this));
            }
        }

        /** Asserts every element of C outside the m x n window still holds what it held before. */
        void assertOutsideWindowUnchanged(float[] actual, String what) {
            for (int idx = 0; idx < c.length; idx++) {
                if (!inWindow(idx) && Float.floatToIntBits(c[idx]) != Float.floatToIntBits(actual[idx])) {
                    fail(String.format(Locale.ROOT, "%s: C was written outside its window at %s: %s became %s; %s",
                            what, where(idx), c[idx], actual[idx], this));
                }
            }
        }

        boolean inWindow(int idx) {
            int rel = idx - cOff;
            return rel >= 0 && rel / ldc < m && rel % ldc < n;
        }

        String where(int idx) {
            if (inWindow(idx)) {
                int rel = idx - cOff;
                return "index " + idx + " (row " + rel / ldc + ", column " + rel % ldc + ")";
            }
            return "index " + idx + " (outside the window)";
        }

        /** Runs this problem's library products on {@code gemm} instead of this JVM's kernel. */
        Problem on(GemmKernel gemm) {
            this.kernel = gemm;
            return this;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "sgemm(transA=%b, transB=%b, m=%d, n=%d, k=%d, alpha=%s, aOff=%d, lda=%d, bOff=%d, ldb=%d%s, "
                            + "beta=%s, cOff=%d, ldc=%d, bias=%s, act=%s, slope=%s) on %s",
                    transA, transB, m, n, k, alpha, aOff, lda, bOff, ldb, share == 0 ? "" : share == 1 ? " (A and B share an array)" : " (A, B and C share an array)",
                    beta, cOff, ldc, bias == null ? "none" : "at " + biasOff, act, slope,
                    Kernels.describe() + ", " + kernel.describeBlocking());
        }
    }
}
