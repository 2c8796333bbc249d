package dev.vecnet.kernel;

import static dev.vecnet.kernel.GemmReference.ALPHAS;
import static dev.vecnet.kernel.GemmReference.BETAS;
import static dev.vecnet.kernel.GemmReference.TRANSPOSES;

import dev.vecnet.kernel.GemmReference.Problem;
import dev.vecnet.kernel.GemmReference.Values;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every path (plain, pre-packed, fused bias + activation, 1 to 3 threads) must give exactly the
 * result of {@link GemmReference#exactSgemm}, the documented fma order, bit for bit, for arbitrary
 * floats: whole C arrays are compared, so the sentinel padding and the data before cOff and after the
 * window are checked too. Because the reference is the same on every JVM, passing this on the scalar
 * run and on each vector width also shows that all paths agree with each other.
 */
class GemmBitExactTest {
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

    /** This JVM's kernel and, on the vector path, the vector GEMM with every other register tile. */
    static java.util.List<GemmKernel> kernels() {
        return GemmReference.kernels();
    }

    private static WorkerTeam team(SplittableRandom rnd) {
        switch (rnd.nextInt(3)) {
            case 0:
                return null;
            case 1:
                return two;
            default:
                return three;
        }
    }

    /**
     * Runs one problem plain, pre-packed, fused and fused + pre-packed (threads drawn at random) and
     * compares each with the exact reference.
     */
    private static void checkAllVariants(SplittableRandom rnd, Problem p, Values values) {
        // Packing an operand with n == 0 (and k > 0) is checked on its own by
        // GemmSemanticsTest.packingAnEmptyOperandWorks (it fails on the scalar path), so that this
        // sweep keeps checking every other case.
        boolean pack = p.n > 0 || p.k == 0;
        p.assertSameBits(p.expected(), p.run(null), "plain");
        if (pack) {
            p.assertSameBits(p.expected(), p.runPacked(team(rnd)), "packed");
        }
        p.withRandomEpilogue(rnd, values);
        float[] fused = p.expected();
        p.assertSameBits(fused, p.run(team(rnd)), "fused");
        if (pack) {
            p.assertSameBits(fused, p.runPacked(team(rnd)), "fused packed");
        }
    }

    /**
     * Each size of {@link GemmReference#sizes()} appears as m, as n and as k with every transpose pair,
     * with random partner sizes, alpha, beta, paddings and offsets (seeded).
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void everySizeInEveryDimensionMatchesTheFmaOrderReference(GemmKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(20240611L);
        int[] sizes = GemmReference.sizes();
        for (int s : sizes) {
            for (int dim = 0; dim < 3; dim++) {
                for (boolean[] t : TRANSPOSES) {
                    int[] mnk = {sizes[rnd.nextInt(sizes.length)], sizes[rnd.nextInt(sizes.length)],
                            sizes[rnd.nextInt(sizes.length)]};
                    mnk[dim] = s;
                    Problem p = Problem.random(rnd, t[0], t[1], mnk[0], mnk[1], mnk[2],
                            ALPHAS[rnd.nextInt(ALPHAS.length)], BETAS[rnd.nextInt(BETAS.length)], Values.UNIFORM).on(kernel);
                    checkAllVariants(rnd, p, Values.UNIFORM);
                }
            }
        }
    }

    /**
     * Every (m, n) pair of {@link GemmReference#sizes()} (all combinations of row remainders and partial
     * column panels), with a random k up to 65, cycling through the transpose pairs and the plain,
     * packed, fused and threaded paths.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void everyPairOfRowAndColumnSizesMatchesTheFmaOrderReference(GemmKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(424242L);
        int[] sizes = GemmReference.sizes();
        int[] ks = {1, 2, 7, 16, 17, 33, 65};
        int count = 0;
        for (int m : sizes) {
            for (int n : sizes) {
                boolean[] t = TRANSPOSES[count % 4];
                int k = ks[rnd.nextInt(ks.length)];
                Problem p = Problem.random(rnd, t[0], t[1], m, n, k,
                        ALPHAS[rnd.nextInt(ALPHAS.length)], BETAS[rnd.nextInt(BETAS.length)], Values.UNIFORM).on(kernel);
                switch (count++ % 4) {
                    case 0:
                        p.assertSameBits(p.expected(), p.run(null), "plain");
                        break;
                    case 1:
                        if (p.n > 0) { // see GemmSemanticsTest.packingAnEmptyOperandWorks
                            p.assertSameBits(p.expected(), p.runPacked(null), "packed");
                        }
                        break;
                    case 2:
                        p.withRandomEpilogue(rnd, Values.UNIFORM);
                        p.assertSameBits(p.expected(), p.run(team(rnd)), "fused");
                        break;
                    default:
                        p.withRandomEpilogue(rnd, Values.UNIFORM);
                        p.assertSameBits(p.expected(), p.runPacked(three), "fused packed, 3 threads");
                }
            }
        }
    }

    /** Several K blocks: beta applies to the first block only, bias and activation to the last. */
    @ParameterizedTest
    @MethodSource("kernels")
    void severalKBlocksMatchTheFmaOrderReference(GemmKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(7L);
        int l = GemmReference.lanes();
        int[] ks = {255, 256, 257, 511, 512, 513, 700};
        int[] ms = {1, 4, 11, 12, 13, 40};
        int[] ns = {1, l, 2 * l - 1, 2 * l, 2 * l + 1, 70};
        for (int k : ks) {
            for (boolean[] t : TRANSPOSES) {
                int m = ms[rnd.nextInt(ms.length)];
                int n = ns[rnd.nextInt(ns.length)];
                float beta = BETAS[rnd.nextInt(BETAS.length)];
                Problem p = Problem.random(rnd, t[0], t[1], m, n, k, -1.3f, beta, Values.UNIFORM).on(kernel);
                checkAllVariants(rnd, p, Values.UNIFORM);
            }
        }
    }

    /**
     * Alpha 1 with beta 0 or 1 is the case where whole micro-tiles go straight into C (stored, or added
     * to C on later K blocks) instead of through the tile buffer: full and partial tiles side by side,
     * one to three K blocks, with and without a fused epilogue, and NaN in C where beta 0 must hide it.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void alphaOneWithBetaZeroOrOneMatchesTheFmaOrderReference(GemmKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(2718L);
        int l = GemmReference.lanes();
        int[][] shapes = {{24, 4 * l, 64}, {25, 4 * l + 3, 300}, {36, 2 * l, 700}, {13, 6 * l - 1, 256}};
        for (int[] s : shapes) {
            for (boolean[] t : TRANSPOSES) {
                for (float beta : new float[] {0f, 1f}) {
                    Problem p = Problem.random(rnd, t[0], t[1], s[0], s[1], s[2], 1f, beta, Values.UNIFORM).on(kernel);
                    if (beta == 0f) {
                        for (int i = 0; i < p.m; i++) {
                            Arrays.fill(p.c, p.cOff + i * p.ldc, p.cOff + i * p.ldc + p.n, Float.NaN);
                        }
                    }
                    checkAllVariants(rnd, p, Values.UNIFORM);
                }
            }
        }
    }

    /**
     * Shapes past every cache block: m > MC (252 with a 1 MiB L2), n > NC (512 with a 1 MiB L2; the scalar
     * path's), k > KC, for each
     * transpose pair.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void shapesCrossingAllCacheBlocksMatchTheFmaOrderReference(GemmKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(99L);
        for (boolean[] t : TRANSPOSES) {
            Problem p = Problem.random(rnd, t[0], t[1], 300, 530, 260, 0.7f, 1.3f, Values.UNIFORM).on(kernel);
            float[] expected = p.expected();
            p.assertSameBits(expected, p.run(t[0] ? three : null), "plain");
            p.assertSameBits(expected, p.runPacked(t[1] ? two : null), "packed");
        }
    }

    /**
     * The products of a small training step: a plain B read in place by products of up to
     * {@code VectorGemm.IN_PLACE_B_MAX_ROWS} rows (whole micro-panels from B itself, a narrower last one
     * packed), op(A) packed once per call when the columns span several NC blocks, and {@code A B^T} with a
     * large B run as {@code C^T = B A^T} then transposed into C with the epilogue. The layer products
     * of 784-256-128-10 at batch 64 as the layers call them, then row counts around the in-place limit
     * with widths of every micro-panel remainder, several K blocks and several column blocks (n past NC
     * with a 1 MiB L2), each with every transpose pair, paddings, offsets, alpha and beta.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void smallProductsReadingBInPlaceMatchTheFmaOrderReference(GemmKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(64L);
        int[][] layers = {{64, 256, 784}, {64, 784, 256}, {256, 784, 64}, {64, 128, 256}, {64, 256, 128},
                {128, 256, 64}, {64, 10, 128}, {64, 128, 10}, {10, 128, 64}, {256, 64, 784}};
        for (int[] s : layers) {
            for (boolean[] t : TRANSPOSES) {
                Problem p = Problem.random(rnd, t[0], t[1], s[0], s[1], s[2], 1f, 0f, Values.UNIFORM).on(kernel);
                checkAllVariants(rnd, p, Values.UNIFORM);
            }
        }
        int l = kernel.columnAlignment() / 2;
        int limit = VectorGemm.IN_PLACE_B_MAX_ROWS;
        int[] ms = {1, 2, 13, limit - 1, limit, limit + 1};
        int[] ns = {l - 1, l, l + 3, 2 * l, 2 * l + 1, 5 * l - 2, 1100};
        int[] ks = {3, 256, 300};
        for (int m : ms) {
            for (int n : ns) {
                int k = ks[rnd.nextInt(ks.length)];
                boolean[] t = TRANSPOSES[rnd.nextInt(TRANSPOSES.length)];
                float alpha = ALPHAS[rnd.nextInt(ALPHAS.length)];
                float beta = BETAS[rnd.nextInt(BETAS.length)];
                Problem p = Problem.random(rnd, t[0], t[1], m, n, k, alpha, beta, Values.UNIFORM).on(kernel);
                checkAllVariants(rnd, p, Values.UNIFORM);
            }
        }
    }

    /**
     * Products of {@code VectorGemm.PAD_EDGE_MIN_ROWS} rows or more run their last partial row panel through
     * the main tile with zero-padded rows: every remainder of the last cache block's rows (and the two-panel
     * leftover widths), plain, packed and fused, with the same bits as the reference.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void tallProductsWithEveryRowRemainderMatchTheFmaOrderReference(GemmKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(515L);
        int l = kernel.columnAlignment() / 2;
        int[] ns = {3, l, 2 * l + 5, 70};
        for (int m = VectorGemm.PAD_EDGE_MIN_ROWS; m < VectorGemm.PAD_EDGE_MIN_ROWS + 13; m++) {
            boolean[] t = TRANSPOSES[m % TRANSPOSES.length];
            Problem p = Problem.random(rnd, t[0], t[1], m, ns[m % ns.length], 1 + rnd.nextInt(40), 1f, 0f,
                    Values.UNIFORM).on(kernel);
            checkAllVariants(rnd, p, Values.UNIFORM);
        }
        Problem big = Problem.random(rnd, false, true, 1000, 10, 300, 1f, 0f, Values.UNIFORM).on(kernel);
        checkAllVariants(rnd, big, Values.UNIFORM);
    }

    /**
     * Values over sixty binades, with zeros and subnormals: the sums round differently in every
     * order, so any deviation from the documented order (or flushing of subnormals) shows.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void wideDynamicRangeValuesMatchTheFmaOrderReference(GemmKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(31337L);
        int l = GemmReference.lanes();
        int[][] shapes = {{3, 5, 7}, {13, 2 * l + 3, 40}, {25, 70, 300}, {12, 2 * l, 256}, {1, 100, 33}, {50, 1, 50}};
        for (int[] s : shapes) {
            for (boolean[] t : TRANSPOSES) {
                float beta = BETAS[rnd.nextInt(BETAS.length)];
                Problem p = Problem.random(rnd, t[0], t[1], s[0], s[1], s[2], 1f, beta, Values.WIDE).on(kernel);
                checkAllVariants(rnd, p, Values.WIDE);
            }
        }
    }

    /**
     * Special values through the fused epilogue on shapes wide enough for the vector store path:
     * zero rows of A with a negative alpha give -0.0 (RELU and LEAKY_RELU must keep it), bias NaN and
     * infinities propagate, large negatives are rectified.
     */
    @ParameterizedTest
    @MethodSource("kernels")
    void specialValuesThroughTheFusedEpilogueMatchTheReference(GemmKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(5L);
        int l = GemmReference.lanes();
        int n = 4 * l + 3;
        for (Epilogue act : Epilogue.values()) {
            for (float beta : new float[] {0f, 1f}) {
                Problem p = Problem.random(rnd, false, false, 30, n, 20, -1f, beta, Values.UNIFORM).on(kernel);
                for (int i = 0; i < p.m; i += 3) {
                    Arrays.fill(p.a, p.aOff + i * p.lda, p.aOff + i * p.lda + p.k, 0f);
                    if (beta != 0f) {
                        Arrays.fill(p.c, p.cOff + i * p.ldc, p.cOff + i * p.ldc + n, -0f);
                    }
                }
                p.withEpilogue(rnd, true, act, 0.25f, Values.UNIFORM);
                float[] specials = {-0f, 0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -1e30f, 1e-40f, -1e-40f};
                for (int j = 0; j < n; j++) {
                    p.bias[p.biasOff + j] = j % 2 == 0 ? -0f : specials[rnd.nextInt(specials.length)];
                }
                float[] expected = p.expected();
                p.assertSameBits(expected, p.run(null), "fused " + act);
                p.assertSameBits(expected, p.run(two), "fused " + act + ", 2 threads");
                p.assertSameBits(expected, p.runPacked(three), "fused packed " + act + ", 3 threads");
            }
        }
    }
}
