package dev.vecnet.kernel;

import static dev.vecnet.kernel.GemmReference.SENTINEL;
import static dev.vecnet.kernel.GemmReference.TRANSPOSES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.GemmReference.Problem;
import dev.vecnet.kernel.GemmReference.Values;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The BLAS special cases: beta == 0 never reads C, alpha == 0 never reads A or B, k == 0 gives
 * beta * C, m == 0 or n == 0 do nothing; nothing outside C's window is written and the inputs are
 * never modified. Each is checked on the plain, pre-packed, fused and threaded paths, on shapes that
 * reach the vector kernels as well as on small ones.
 */
class GemmSemanticsTest {
    private static WorkerTeam three;

    /** Small (scalar small-product path), vector-kernel sized, and several K blocks. */
    private static int[][] shapes() {
        int l = GemmReference.lanes();
        return new int[][] {{3, 4, 5}, {1, 1, 1}, {37, 2 * l + 5, 45}, {13, 4 * l, 300}, {25, 9, 64}};
    }

    @BeforeAll
    static void startTeam() {
        three = new WorkerTeam(3);
    }

    @AfterAll
    static void closeTeam() {
        three.close();
    }

    private static void assertWindowHasNoNaN(Problem p, float[] actual, String what) {
        for (int i = 0; i < p.m; i++) {
            for (int j = 0; j < p.n; j++) {
                String where = "C[" + i + "][" + j + "]";
                assertFalse(Float.isNaN(actual[p.cOff + i * p.ldc + j]), () -> what + ": NaN leaked into " + where + "; " + p);
            }
        }
    }

    /**
     * C's window is all NaN (or +Inf) before the call; with beta == 0 (or -0.0) the result must not
     * depend on it.
     */
    @Test
    void betaZeroNeverReadsC() {
        SplittableRandom rnd = new SplittableRandom(11L);
        for (int[] s : shapes()) {
            for (boolean[] t : TRANSPOSES) {
                for (float beta : new float[] {0f, -0f}) {
                    Problem p = Problem.random(rnd, t[0], t[1], s[0], s[1], s[2], 0.7f, beta, Values.UNIFORM);
                    if (rnd.nextBoolean()) {
                        for (int i = 0; i < p.m; i++) {
                            Arrays.fill(p.c, p.cOff + i * p.ldc, p.cOff + i * p.ldc + p.n, Float.POSITIVE_INFINITY);
                        }
                    }
                    float[] expected = p.expected();
                    for (float[] actual : new float[][] {p.run(null), p.run(three), p.runPacked(null)}) {
                        assertWindowHasNoNaN(p, actual, "beta = " + beta);
                        p.assertSameBits(expected, actual, "beta = " + beta);
                    }
                    p.withEpilogue(rnd, true, Epilogue.LEAKY_RELU, 0.1f, Values.UNIFORM);
                    float[] fused = p.expected();
                    for (float[] actual : new float[][] {p.run(null), p.runPacked(three)}) {
                        assertWindowHasNoNaN(p, actual, "fused, beta = " + beta);
                        p.assertSameBits(fused, actual, "fused, beta = " + beta);
                    }
                }
            }
        }
    }

    /**
     * A and B hold only NaN and infinities; with alpha == 0 (or -0.0) they must not be read: C becomes
     * act(beta * C + bias), computed here directly.
     */
    @Test
    void alphaZeroNeverReadsAOrB() {
        SplittableRandom rnd = new SplittableRandom(12L);
        for (int[] s : shapes()) {
            for (boolean[] t : TRANSPOSES) {
                for (float alpha : new float[] {0f, -0f}) {
                    for (float beta : new float[] {0f, 1f, 1.3f}) {
                        Problem p = Problem.random(rnd, t[0], t[1], s[0], s[1], s[2], alpha, beta, Values.UNIFORM);
                        // Everything from A's first to its last element, and likewise for B (C may follow
                        // in the same array).
                        int aEnd = p.aOff + GemmReference.extent(t[0] ? p.k : p.m, t[0] ? p.m : p.k, p.lda);
                        for (int idx = p.aOff; idx < aEnd; idx++) {
                            p.a[idx] = idx % 3 == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
                        }
                        int bEnd = p.bOff + GemmReference.extent(t[1] ? p.n : p.k, t[1] ? p.k : p.n, p.ldb);
                        for (int idx = p.bOff; idx < bEnd; idx++) {
                            p.b[idx] = idx % 3 == 1 ? Float.NEGATIVE_INFINITY : Float.NaN;
                        }
                        boolean withBias = rnd.nextBoolean();
                        Epilogue act = Epilogue.values()[rnd.nextInt(3)];
                        p.withEpilogue(rnd, withBias, act, 0.5f, Values.UNIFORM);
                        float[] expected = p.c.clone();
                        for (int i = 0; i < p.m; i++) {
                            for (int j = 0; j < p.n; j++) {
                                int ci = p.cOff + i * p.ldc + j;
                                float v = beta == 0f ? 0f : beta * p.c[ci];
                                if (withBias) {
                                    v += p.bias[p.biasOff + j];
                                }
                                expected[ci] = act == Epilogue.IDENTITY ? v : (v < 0 ? (act == Epilogue.RELU ? 0f : v * 0.5f) : v);
                            }
                        }
                        String what = "alpha = " + alpha + ", beta = " + beta;
                        for (float[] actual : new float[][] {p.run(null), p.run(three), p.runPacked(null), p.runPacked(three)}) {
                            assertWindowHasNoNaN(p, actual, what);
                            p.assertSameBits(expected, actual, what);
                        }
                    }
                }
            }
        }
    }

    /** k == 0: C = act(beta * C + bias), with empty A and B arrays; beta == 0 still ignores a NaN C. */
    @Test
    void kZeroGivesBetaTimesC() {
        SplittableRandom rnd = new SplittableRandom(13L);
        for (boolean[] t : TRANSPOSES) {
            for (float beta : new float[] {0f, 1f, 1.3f}) {
                for (int[] mn : new int[][] {{1, 1}, {5, 7}, {30, 2 * GemmReference.lanes() + 1}}) {
                    int m = mn[0];
                    int n = mn[1];
                    // op(A) is m x 0 and op(B) is 0 x n: no element exists, the arrays may be empty.
                    int lda = t[0] ? m : 1;
                    int ldb = t[1] ? 1 : n;
                    Problem p0 = Problem.random(rnd, t[0], t[1], m, n, 0, 0.7f, beta, Values.UNIFORM);
                    Problem p = new Problem(t[0], t[1], m, n, 0, 0.7f, new float[0], 0, lda, new float[0], 0, ldb,
                            beta, p0.c, p0.cOff, p0.ldc);
                    float[] expected = p.c.clone();
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            int ci = p.cOff + i * p.ldc + j;
                            expected[ci] = beta == 0f ? 0f : beta * p.c[ci];
                        }
                    }
                    p.assertSameBits(expected, p.run(null), "k = 0, beta = " + beta);
                    p.assertSameBits(expected, p.run(three), "k = 0, beta = " + beta + ", 3 threads");
                    p.assertSameBits(expected, p.runPacked(null), "k = 0, beta = " + beta + ", packed");
                    p.assertSameBits(p.expected(), p.run(null), "k = 0 against the reference");

                    p.withEpilogue(rnd, true, Epilogue.RELU, 0f, Values.UNIFORM);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            int ci = p.cOff + i * p.ldc + j;
                            float v = expected[ci] + p.bias[p.biasOff + j];
                            expected[ci] = v < 0 ? 0f : v;
                        }
                    }
                    p.assertSameBits(expected, p.run(null), "k = 0, fused, beta = " + beta);
                    p.assertSameBits(expected, p.runPacked(three), "k = 0, fused packed, beta = " + beta);
                }
            }
        }
    }

    /** m == 0 or n == 0: C (all NaN and sentinel here) is left exactly as it was, even with beta == 0 and a bias. */
    @Test
    void emptyOutputDoesNothing() {
        SplittableRandom rnd = new SplittableRandom(14L);
        for (boolean[] t : TRANSPOSES) {
            for (int[] mnk : new int[][] {{0, 5, 7}, {6, 0, 7}, {0, 0, 0}, {0, 40, 300}, {40, 0, 300}}) {
                for (float beta : new float[] {0f, 1.3f}) {
                    Problem p = Problem.random(rnd, t[0], t[1], mnk[0], mnk[1], mnk[2], 1f, beta, Values.UNIFORM);
                    float[] c = new float[12];
                    Arrays.fill(c, Float.NaN);
                    c[3] = SENTINEL;
                    Problem q = new Problem(t[0], t[1], p.m, p.n, p.k, 1f, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb,
                            beta, c, 2, Math.max(1, p.n));
                    q.withEpilogue(rnd, true, Epilogue.RELU, 0f, Values.UNIFORM);
                    q.assertSameBits(c, q.run(null), "empty output");
                    q.assertSameBits(c, q.run(three), "empty output, 3 threads");
                    if (q.n > 0 || q.k == 0) { // see packingAnEmptyOperandWorks
                        q.assertSameBits(c, q.runPacked(null), "empty output, packed");
                    }
                }
            }
        }
        // A zero-length C is fine when m == 0.
        float[] none = new float[0];
        Gemm.sgemm(false, false, 0, 3, 2, 1f, none, 0, 2, new float[6], 0, 3, 0f, none, 0, 3);
        Gemm.sgemm(false, 0, 1f, none, 0, 2, PackedMatrix.pack(false, 2, 3, new float[6], 0, 3), 0f, none, 0, 3);
    }

    /**
     * An operand with n == 0 columns (k > 0) is a valid, empty matrix: packing it must work on every
     * path and a product with it must leave C as it is. The source array may be empty because no
     * element of it is referenced.
     *
     * <p>This fails on the scalar path (-Dvecnet.kernels=scalar): ScalarGemm.pack copies k rows of
     * length 0 with System.arraycopy starting at {@code off + p * ld}, which is past the end of the
     * (valid) source array for p >= 1 and throws ArrayIndexOutOfBoundsException.
     */
    @ParameterizedTest(name = "k = {0}")
    @ValueSource(ints = {1, 2, 5, 300})
    void packingAnEmptyOperandWorks(int k) {
        for (boolean trans : new boolean[] {false, true}) {
            float[] src = new float[0];
            int ld = trans ? k : 1;
            PackedMatrix packed = PackedMatrix.pack(trans, k, 0, src, 0, ld);
            assertEquals(k, packed.k());
            assertEquals(0, packed.n());
            packed.repack(trans, src, 0, ld);
            float[] c = {SENTINEL, Float.NaN, SENTINEL};
            Gemm.sgemm(false, 4, 1f, new float[4 * k], 0, k, packed, 0f, c, 0, 1);
            assertArrayEquals(new float[] {SENTINEL, Float.NaN, SENTINEL}, c);
        }
        // And an operand with k == 0 rows.
        PackedMatrix noRows = PackedMatrix.pack(false, 0, 7, new float[0], 0, 7);
        assertEquals(0, noRows.k());
        assertEquals(7, noRows.n());
    }

    /**
     * Elements of C outside the window (before cOff, the padding between rows, after the last row)
     * survive every path, including the alpha == 0 and k == 0 paths.
     */
    @Test
    void onlyTheWindowOfCIsWritten() {
        SplittableRandom rnd = new SplittableRandom(15L);
        int l = GemmReference.lanes();
        for (boolean[] t : TRANSPOSES) {
            for (int[] s : new int[][] {{3, 4, 5}, {29, 2 * l + 3, 70}, {12, 4 * l, 260}, {5, 6, 0}}) {
                for (float alpha : new float[] {0f, 1f}) {
                    Problem p = Problem.random(rnd, t[0], t[1], s[0], s[1], s[2], alpha, 1f, Values.UNIFORM,
                            3, 2, 7, 1, 2, 11, 0);
                    p.withEpilogue(rnd, true, Epilogue.LEAKY_RELU, 0.3f, Values.UNIFORM);
                    String what = "alpha = " + alpha;
                    float[][] results = {p.run(null), p.run(three), p.runPacked(null), p.runPacked(three)};
                    for (float[] actual : results) {
                        p.assertOutsideWindowUnchanged(actual, what);
                        int sentinels = 0;
                        for (float v : actual) {
                            sentinels += v == SENTINEL ? 1 : 0;
                        }
                        // 11 before cOff, 7 per row of padding except after the last row, and the tail.
                        assertTrue(sentinels >= 11 + 7 * (p.m - 1), what + ": sentinels lost " + p);
                        p.assertSameBits(p.expected(), actual, what);
                    }
                }
            }
        }
    }

    /** A, B, the bias and a PackedMatrix's source are never modified (NaN padding included). */
    @Test
    void inputsAreNeverModified() {
        SplittableRandom rnd = new SplittableRandom(16L);
        for (int[] s : shapes()) {
            for (boolean[] t : TRANSPOSES) {
                Problem p = Problem.random(rnd, t[0], t[1], s[0], s[1], s[2], -1.3f, 1.3f, Values.UNIFORM)
                        .withEpilogue(rnd, true, Epilogue.RELU, 0f, Values.UNIFORM);
                float[] a0 = p.a.clone();
                float[] b0 = p.b.clone();
                float[] bias0 = p.bias.clone();
                p.run(null);
                p.run(three);
                PackedMatrix packed = PackedMatrix.pack(p.transB, p.k, p.n, p.b, p.bOff, p.ldb);
                p.runPacked(packed, three);
                packed.repack(p.transB, p.b, p.bOff, p.ldb);
                p.runPacked(packed, null);
                assertArrayEquals(a0, p.a, "A modified");
                assertArrayEquals(b0, p.b, "B modified");
                assertArrayEquals(bias0, p.bias, "bias modified");
            }
        }
    }
}
