package dev.vecnet.kernel;

import static dev.vecnet.kernel.GemmReference.ALPHAS;
import static dev.vecnet.kernel.GemmReference.BETAS;
import static dev.vecnet.kernel.GemmReference.TRANSPOSES;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vecnet.kernel.GemmReference.DoubleResult;
import dev.vecnet.kernel.GemmReference.Problem;
import dev.vecnet.kernel.GemmReference.Values;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SGEMM against a naive double-precision GEMM, within the reference-BLAS-tester error bound of
 * {@link GemmReference.DoubleResult}, and exactly for small-integer inputs whose sums are exact in
 * float. Independent of the documented summation order, so it would also catch a reference that is
 * wrong in the same way as the library.
 */
class GemmReferenceTest {
    private static WorkerTeam two;

    @BeforeAll
    static void startTeam() {
        two = new WorkerTeam(2);
    }

    @AfterAll
    static void closeTeam() {
        two.close();
    }

    /** Checks a library result against the double reference: window within the bound, padding untouched. */
    private static void assertWithinBound(Problem p, float[] actual, String what) {
        p.assertOutsideWindowUnchanged(actual, what);
        DoubleResult ref = GemmReference.doubleSgemm(p);
        for (int i = 0; i < p.m; i++) {
            for (int j = 0; j < p.n; j++) {
                float got = actual[p.cOff + i * p.ldc + j];
                double want = ref.value[i * p.n + j];
                double err = Math.abs(got - want);
                if (!(err <= ref.bound[i * p.n + j])) {
                    fail(String.format(Locale.ROOT, "%s: C[%d][%d] = %s, double reference %s, error %.3e > bound %.3e; %s",
                            what, i, j, got, want, err, ref.bound[i * p.n + j], p));
                }
            }
        }
    }

    /** Checks a library result equals the double reference exactly (as a number: -0.0 == 0.0). */
    private static void assertExact(Problem p, float[] actual, String what) {
        p.assertOutsideWindowUnchanged(actual, what);
        DoubleResult ref = GemmReference.doubleSgemm(p);
        for (int i = 0; i < p.m; i++) {
            for (int j = 0; j < p.n; j++) {
                float got = actual[p.cOff + i * p.ldc + j];
                if (got != ref.value[i * p.n + j]) {
                    fail(String.format(Locale.ROOT, "%s: C[%d][%d] = %s, exact value %s; %s",
                            what, i, j, got, ref.value[i * p.n + j], p));
                }
            }
        }
    }

    /**
     * Exhaustive over small sizes: m, n, k in {0, 1, 2, 3, 5, 7}, all transpose pairs, all alphas and
     * betas of the brief.
     */
    @Test
    void smallShapesExhaustivelyWithinTheErrorBound() {
        SplittableRandom rnd = new SplittableRandom(1L);
        int[] small = {0, 1, 2, 3, 5, 7};
        for (int m : small) {
            for (int n : small) {
                for (int k : small) {
                    for (boolean[] t : TRANSPOSES) {
                        for (float alpha : ALPHAS) {
                            for (float beta : BETAS) {
                                Problem p = Problem.random(rnd, t[0], t[1], m, n, k, alpha, beta, Values.UNIFORM);
                                assertWithinBound(p, p.run(null), "plain");
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Sampled over the full size list (with the vector lanes +- 1): each size appears as m, as n and as
     * k, for every transpose pair and every (alpha, beta) pair, with seeded random partner sizes.
     * Alternates the plain, pre-packed and two-thread paths.
     */
    @Test
    void sampledShapesWithinTheErrorBound() {
        SplittableRandom rnd = new SplittableRandom(2L);
        int[] sizes = GemmReference.sizes();
        int count = 0;
        for (int s : sizes) {
            for (int dim = 0; dim < 3; dim++) {
                for (boolean[] t : TRANSPOSES) {
                    for (float alpha : ALPHAS) {
                        for (float beta : BETAS) {
                            int[] mnk = {sizes[rnd.nextInt(sizes.length)], sizes[rnd.nextInt(sizes.length)],
                                    sizes[rnd.nextInt(sizes.length)]};
                            // Keep the sweep cheap: at most one partner above 65.
                            if (mnk[(dim + 1) % 3] > 65 && mnk[(dim + 2) % 3] > 65) {
                                mnk[(dim + 1) % 3] = 33;
                            }
                            mnk[dim] = s;
                            Problem p = Problem.random(rnd, t[0], t[1], mnk[0], mnk[1], mnk[2], alpha, beta, Values.UNIFORM);
                            switch (count++ % 3) {
                                case 0:
                                    assertWithinBound(p, p.run(null), "plain");
                                    break;
                                case 1:
                                    if (p.n > 0 || p.k == 0) { // see GemmSemanticsTest.packingAnEmptyOperandWorks
                                        assertWithinBound(p, p.runPacked(null), "packed");
                                    }
                                    break;
                                default:
                                    assertWithinBound(p, p.run(two), "2 threads");
                            }
                        }
                    }
                }
            }
        }
    }

    /** Fused bias + RELU and several K blocks, against the double reference. */
    @Test
    void fusedBiasAndReluWithSeveralKBlocksWithinTheErrorBound() {
        SplittableRandom rnd = new SplittableRandom(3L);
        int[][] shapes = {{7, 9, 300}, {40, 3 * GemmReference.lanes() + 1, 600}, {13, 70, 257}, {1, 1, 513}};
        for (int[] s : shapes) {
            for (boolean[] t : TRANSPOSES) {
                for (Epilogue act : new Epilogue[] {Epilogue.IDENTITY, Epilogue.RELU}) {
                    float beta = BETAS[rnd.nextInt(BETAS.length)];
                    Problem p = Problem.random(rnd, t[0], t[1], s[0], s[1], s[2], 0.7f, beta, Values.UNIFORM)
                            .withEpilogue(rnd, true, act, 0f, Values.UNIFORM);
                    assertWithinBound(p, p.run(null), "fused " + act);
                    assertWithinBound(p, p.runPacked(two), "fused packed " + act);
                }
            }
        }
    }

    /**
     * Integers in [-4, 4], alpha in {1, -1, 2, 0.5}, beta in {0, 1, -2}, integer bias: every partial sum
     * is an integer or half-integer below 2^24, so float arithmetic is exact and C must equal the
     * double reference exactly, on every path and for k across several K blocks.
     */
    @Test
    void smallIntegerProductsAreExact() {
        SplittableRandom rnd = new SplittableRandom(4L);
        int[] sizes = GemmReference.sizes();
        float[] alphas = {1f, -1f, 2f, 0.5f};
        float[] betas = {0f, 1f, -2f};
        WorkerTeam[] teams = {null, two};
        int count = 0;
        for (int s : sizes) {
            for (boolean[] t : TRANSPOSES) {
                int m = s;
                int n = sizes[rnd.nextInt(sizes.length)];
                int k = rnd.nextInt(4) == 0 ? 300 + rnd.nextInt(300) : sizes[rnd.nextInt(sizes.length)];
                Problem p = Problem.random(rnd, t[0], t[1], m, n, k, alphas[rnd.nextInt(alphas.length)],
                        betas[rnd.nextInt(betas.length)], Values.SMALL_INT);
                if (count++ % 2 == 1) {
                    p.withEpilogue(rnd, true, rnd.nextBoolean() ? Epilogue.RELU : Epilogue.IDENTITY, 0f, Values.SMALL_INT);
                }
                WorkerTeam team = teams[rnd.nextInt(teams.length)];
                assertExact(p, p.run(team), "plain");
                if (p.n > 0 || p.k == 0) { // see GemmSemanticsTest.packingAnEmptyOperandWorks
                    assertExact(p, p.runPacked(team), "packed");
                }
            }
        }
    }
}
