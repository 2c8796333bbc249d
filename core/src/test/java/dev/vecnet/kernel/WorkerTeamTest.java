package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.GemmReference.Problem;
import dev.vecnet.kernel.GemmReference.Values;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lifecycle of {@link WorkerTeam}: its workers, close, use after close, and many products in a row. */
class WorkerTeamTest {

    @Test
    void reportsItsThreadCountAndStartsThatManyMinusOneDaemonWorkers() throws Exception {
        for (int threads : new int[] {1, 2, 3}) {
            Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
            WorkerTeam team = new WorkerTeam(threads);
            Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
            started.removeAll(before);
            started.removeIf(t -> !t.getName().startsWith("vecnet-worker-"));
            try {
                assertEquals(threads, team.threads());
                assertEquals(threads - 1, started.size(), "workers started by a team of " + threads);
                for (Thread t : started) {
                    assertTrue(t.isDaemon(), t + " is not a daemon thread");
                }
            } finally {
                team.close();
            }
            for (Thread t : started) {
                t.join(10_000);
                assertTrue(!t.isAlive(), t + " still runs after close()");
            }
            team.close(); // idempotent
        }
    }

    /** A closed team refuses work with IllegalStateException, before writing anything. */
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3})
    void closedTeamThrowsIllegalStateException(int threads) {
        SplittableRandom rnd = new SplittableRandom(41L);
        Problem p = Problem.random(rnd, false, true, 40, 3 * GemmReference.lanes(), 30, 1f, 1f, Values.UNIFORM);
        WorkerTeam team = new WorkerTeam(threads);
        float[] works = p.run(team);
        p.assertSameBits(p.expected(), works, "open team");
        team.close();
        float[] c = p.c.clone();
        assertThrows(IllegalStateException.class, () -> Gemm.sgemm(false, true, p.m, p.n, p.k, 1f, p.a, p.aOff, p.lda,
                p.b, p.bOff, p.ldb, 1f, c, p.cOff, p.ldc, null, 0, Epilogue.IDENTITY, 0f, team));
        assertArrayEquals(p.c, c, "C written by a call on a closed team");
        PackedMatrix packed = PackedMatrix.pack(true, p.k, p.n, p.b, p.bOff, p.ldb);
        assertThrows(IllegalStateException.class, () -> Gemm.sgemm(false, p.m, 1f, p.a, p.aOff, p.lda, packed,
                1f, c, p.cOff, p.ldc, null, 0, Epilogue.RELU, 0f, team));
        assertArrayEquals(p.c, c, "C written by a packed call on a closed team");
    }

    /**
     * The contract is "using a closed team throws IllegalStateException" whatever the team's size. A
     * one-thread team is never consulted by Gemm.run ({@code threads.threads() == 1} goes straight to
     * the kernel), so after close() it still computes the product without complaint.
     */
    @Test
    void closedSingleThreadTeamThrowsIllegalStateException() {
        WorkerTeam team = new WorkerTeam(1);
        team.close();
        float[] a = {1f, 2f, 3f, 4f};
        float[] c = new float[4];
        assertThrows(IllegalStateException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, a, 0, 2, 0f, c, 0, 2, null, 0, Epilogue.IDENTITY, 0f, team),
                "a closed WorkerTeam(1) was used without IllegalStateException");
        assertArrayEquals(new float[4], c, "C written by a call on a closed team");
    }

    /**
     * Likewise when the call takes the alpha == 0 (or k == 0) shortcut, which never looks at the team:
     * a closed team is used without IllegalStateException, and C is overwritten.
     */
    @Test
    void closedTeamThrowsIllegalStateExceptionEvenWhenAlphaIsZero() {
        WorkerTeam team = new WorkerTeam(2);
        team.close();
        float[] a = {1f, 2f, 3f, 4f};
        float[] c = {1f, 1f, 1f, 1f};
        assertThrows(IllegalStateException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 2, 0f, a, 0, 2, a, 0, 2, 0f, c, 0, 2, null, 0, Epilogue.IDENTITY, 0f, team),
                "a closed WorkerTeam(2) was used (alpha == 0) without IllegalStateException");
        assertArrayEquals(new float[] {1f, 1f, 1f, 1f}, c, "C written by a call on a closed team");
    }

    /**
     * Hundreds of products in a row on one team, alternating shapes that split along M, along N and
     * not at all, each compared with the single-thread result: catches lost wake-ups and parts computed
     * with a previous call's arguments.
     */
    @Test
    void manyProductsInARowOnOneTeamAreAllCorrect() {
        SplittableRandom rnd = new SplittableRandom(42L);
        int l = GemmReference.lanes();
        int[][] shapes = {{1, 1, 1}, {30, 5, 20}, {6, 4 * l + 1, 20}, {2, 600, 2}, {13, 2 * l, 8}};
        Problem[] problems = new Problem[shapes.length];
        float[][] expected = new float[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            problems[i] = Problem.random(rnd, rnd.nextBoolean(), rnd.nextBoolean(), shapes[i][0], shapes[i][1],
                    shapes[i][2], 1f, 0f, Values.UNIFORM);
            expected[i] = problems[i].run(null);
        }
        try (WorkerTeam team = new WorkerTeam(3)) {
            for (int rep = 0; rep < 400; rep++) {
                int i = rnd.nextInt(shapes.length);
                problems[i].assertSameBits(expected[i], problems[i].run(team), "repetition " + rep);
            }
        }
    }
}
