package dev.vecnet.kernel;

import static dev.vecnet.kernel.GemmReference.TRANSPOSES;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vecnet.kernel.GemmReference.Problem;
import dev.vecnet.kernel.GemmReference.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fast variants against the plain one, bit for bit: the fused epilogue equals a plain sgemm
 * followed by a separate bias + activation pass; a pre-packed B equals the unpacked B; 2 and 3 threads
 * equal one thread; repack gives the product with the new contents; concurrent callers get the same
 * results as sequential ones.
 */
class GemmEquivalenceTest {
    private static WorkerTeam two;
    private static WorkerTeam three;

    @BeforeAll
    static void startTeams() {
        two = new WorkerTeam(2);
        three = new WorkerTeam(3);
    }

    @AfterAll
    static void closeTeams() {
        two.close();
        three.close();
    }

    /**
     * Shapes that split along M and along N on every path (the vector path splits N at 2 * lanes and M
     * at 12 rows, the scalar path N at 512 columns), with fewer split units than threads, and across
     * K blocks.
     */
    private static int[][] shapes() {
        int l = GemmReference.lanes();
        return new int[][] {
            {1, 1, 1}, {2, 3, 4}, {100, 20, 50}, {20, 8 * l + 3, 50}, {30, 1100, 40}, {250, 70, 300},
            {13, 2 * l + 1, 257}, {37, 2 * l, 16}, {5, 600, 3},
        };
    }

    @Test
    void fusedEpilogueEqualsPlainProductThenSeparatePass() {
        SplittableRandom rnd = new SplittableRandom(21L);
        float[] slopes = {0.01f, 0.2f, -0.5f, 1.5f};
        for (int[] s : shapes()) {
            for (boolean[] t : TRANSPOSES) {
                for (Epilogue act : Epilogue.values()) {
                    for (boolean withBias : new boolean[] {false, true}) {
                        float alpha = rnd.nextBoolean() ? 1f : -1.3f;
                        float beta = new float[] {0f, 1f, 1.3f}[rnd.nextInt(3)];
                        Problem p = Problem.random(rnd, t[0], t[1], s[0], s[1], s[2], alpha, beta, Values.UNIFORM);
                        float[] expected = p.run(null);
                        p.withEpilogue(rnd, withBias, act, slopes[rnd.nextInt(slopes.length)], Values.UNIFORM);
                        GemmReference.biasActivationPass(p, expected);
                        String what = act + (withBias ? " with bias" : " without bias");
                        WorkerTeam team = rnd.nextBoolean() ? null : three;
                        p.assertSameBits(expected, p.run(team), "fused " + what);
                        p.assertSameBits(expected, p.runPacked(team == null ? two : null), "fused packed " + what);
                    }
                }
            }
        }
    }

    @Test
    void prePackedEqualsUnpacked() {
        SplittableRandom rnd = new SplittableRandom(22L);
        for (int[] s : shapes()) {
            for (boolean[] t : TRANSPOSES) {
                Problem p = Problem.random(rnd, t[0], t[1], s[0], s[1], s[2], 0.7f, 1.3f, Values.WIDE);
                p.assertSameBits(p.run(null), p.runPacked(null), "packed");
            }
        }
    }

    @Test
    void twoAndThreeThreadsEqualOneThread() {
        SplittableRandom rnd = new SplittableRandom(23L);
        for (int[] s : shapes()) {
            for (boolean[] t : TRANSPOSES) {
                float beta = rnd.nextBoolean() ? 0f : 1.3f;
                Problem p = Problem.random(rnd, t[0], t[1], s[0], s[1], s[2], -1.3f, beta, Values.WIDE);
                float[] single = p.run(null);
                p.assertSameBits(single, p.run(two), "2 threads");
                p.assertSameBits(single, p.run(three), "3 threads");
                p.assertSameBits(single, p.runPacked(three), "3 threads, packed");
                p.withRandomEpilogue(rnd, Values.UNIFORM);
                float[] fused = p.run(null);
                p.assertSameBits(fused, p.run(two), "2 threads, fused");
                p.assertSameBits(fused, p.runPacked(three), "3 threads, fused packed");
            }
        }
    }

    /** After the source changes, repack (from the same or another storage of op(B)) gives the new product. */
    @Test
    void repackGivesTheProductWithTheNewContents() {
        SplittableRandom rnd = new SplittableRandom(24L);
        int l = GemmReference.lanes();
        for (int[] s : new int[][] {{3, 4, 5}, {40, 4 * l + 1, 300}, {13, 2 * l, 33}}) {
            for (boolean[] t : TRANSPOSES) {
                Problem p = Problem.random(rnd, t[0], t[1], s[0], s[1], s[2], 1f, 0f, Values.UNIFORM);
                PackedMatrix packed = PackedMatrix.pack(p.transB, p.k, p.n, p.b, p.bOff, p.ldb);
                float[] oldProduct = p.runPacked(packed, null);
                p.assertSameBits(p.run(null), oldProduct, "packed before the change");

                // Change op(B) in place (an optimizer step) and repack from the same storage.
                int rows = p.transB ? p.n : p.k;
                int cols = p.transB ? p.k : p.n;
                Problem.fill(rnd, Values.UNIFORM, p.b, p.bOff, p.ldb, rows, cols);
                packed.repack(p.transB, p.b, p.bOff, p.ldb);
                float[] newProduct = p.runPacked(packed, two);
                p.assertSameBits(p.run(null), newProduct, "after repack");
                assertFalse(Arrays.equals(oldProduct, newProduct), "repack did not change the product " + p);

                // Repack the same op(B) from the other storage order, with another offset and stride.
                boolean otherTrans = !p.transB;
                int ld = (otherTrans ? p.k : p.n) + 3;
                float[] other = new float[5 + (otherTrans ? GemmReference.extent(p.n, p.k, ld) : GemmReference.extent(p.k, p.n, ld))];
                Arrays.fill(other, Float.NaN);
                for (int q = 0; q < p.k; q++) {
                    for (int j = 0; j < p.n; j++) {
                        float v = GemmReference.opB(p.transB, p.b, p.bOff, p.ldb, q, j);
                        other[5 + (otherTrans ? j * ld + q : q * ld + j)] = v;
                    }
                }
                packed.repack(otherTrans, other, 5, ld);
                p.assertSameBits(newProduct, p.runPacked(packed, null), "after repack from the other storage order");
            }
        }
    }

    /** One packed matrix multiplies many left operands of different heights. */
    @Test
    void onePackedMatrixServesManyProducts() {
        SplittableRandom rnd = new SplittableRandom(25L);
        int l = GemmReference.lanes();
        int n = 3 * l + 5;
        int k = 70;
        Problem base = Problem.random(rnd, false, true, 1, n, k, 1f, 0f, Values.UNIFORM);
        PackedMatrix packed = PackedMatrix.pack(true, k, n, base.b, base.bOff, base.ldb);
        for (int m : new int[] {1, 2, 12, 13, 64, 241, 5, 1}) {
            boolean transA = rnd.nextBoolean();
            Problem p = Problem.random(rnd, transA, true, m, n, k, 0.7f, 1f, Values.UNIFORM);
            Problem q = new Problem(transA, true, m, n, k, 0.7f, p.a, p.aOff, p.lda, base.b, base.bOff, base.ldb,
                    1f, p.c, p.cOff, p.ldc);
            q.assertSameBits(q.expected(), q.runPacked(packed, null), "shared packed matrix, m = " + m);
        }
    }

    /** Threads calling sgemm at once on distinct C (sharing A and a PackedMatrix) get the sequential results. */
    @Test
    void concurrentCallersGetTheSequentialResults() throws Exception {
        SplittableRandom rnd = new SplittableRandom(26L);
        int l = GemmReference.lanes();
        int n = 2 * l + 7;
        int k = 90;
        Problem base = Problem.random(rnd, false, false, 50, n, k, 1f, 0f, Values.UNIFORM);
        PackedMatrix packed = PackedMatrix.pack(false, k, n, base.b, base.bOff, base.ldb);
        float[] expected = base.expected();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int task = 0; task < 4; task++) {
                int id = task;
                futures.add(pool.submit(() -> {
                    for (int rep = 0; rep < 25; rep++) {
                        float[] out = (rep + id) % 2 == 0 ? base.run(null) : base.runPacked(packed, null);
                        base.assertSameBits(expected, out, "concurrent caller " + id + ", repetition " + rep);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Two callers sharing one team: calls are serialised and each gets its own correct result. */
    @Test
    void callersSharingOneTeamGetTheirOwnResults() throws Exception {
        SplittableRandom rnd = new SplittableRandom(27L);
        int l = GemmReference.lanes();
        Problem[] problems = {
            Problem.random(rnd, false, false, 60, 4 * l + 3, 40, 1f, 0f, Values.UNIFORM),
            Problem.random(rnd, true, true, 25, 9, 70, -1.3f, 1.3f, Values.UNIFORM),
        };
        float[][] expected = {problems[0].expected(), problems[1].expected()};
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int task = 0; task < 2; task++) {
                int id = task;
                futures.add(pool.submit(() -> {
                    for (int rep = 0; rep < 40; rep++) {
                        problems[id].assertSameBits(expected[id], problems[id].run(three),
                                "caller " + id + " sharing a team, repetition " + rep);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
