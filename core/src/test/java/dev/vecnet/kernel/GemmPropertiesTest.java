package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vecnet.kernel.GemmReference.DoubleResult;
import dev.vecnet.kernel.GemmReference.Problem;
import dev.vecnet.kernel.GemmReference.Values;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * jqwik properties over random shapes (1..80), paddings, offsets, transposes, alpha, beta, epilogues,
 * thread counts and packing: each result must equal the fma-order reference bit for bit, and
 * metamorphic relations that do not depend on the reference must hold.
 */
class GemmPropertiesTest {
    private static WorkerTeam two;
    private static WorkerTeam three;

    @BeforeContainer
    static void startTeams() {
        two = new WorkerTeam(2);
        three = new WorkerTeam(3);
    }

    @AfterContainer
    static void closeTeams() {
        two.close();
        three.close();
    }

    private static WorkerTeam team(int threads) {
        return threads == 1 ? null : threads == 2 ? two : three;
    }

    @Provide
    Arbitrary<Float> alphas() {
        return Arbitraries.oneOf(Arbitraries.of(0f, 1f, 0.7f, -1.3f, -0f), Arbitraries.floats().between(-3f, 3f));
    }

    @Provide
    Arbitrary<Float> betas() {
        return Arbitraries.oneOf(Arbitraries.of(0f, 1f, 1.3f), Arbitraries.floats().between(-2f, 2f));
    }

    @Provide
    Arbitrary<Float> slopes() {
        return Arbitraries.of(0f, 0.01f, 0.2f, -0.5f, 1.5f);
    }

    @Property(tries = 200)
    void everyPathMatchesTheFmaOrderReference(
            @ForAll @IntRange(min = 1, max = 80) int m,
            @ForAll @IntRange(min = 1, max = 80) int n,
            @ForAll @IntRange(min = 1, max = 80) int k,
            @ForAll boolean transA, @ForAll boolean transB,
            @ForAll @IntRange(min = 0, max = 5) int padA,
            @ForAll @IntRange(min = 0, max = 5) int padB,
            @ForAll @IntRange(min = 0, max = 5) int padC,
            @ForAll @IntRange(min = 0, max = 9) int aOff,
            @ForAll @IntRange(min = 0, max = 9) int bOff,
            @ForAll @IntRange(min = 0, max = 9) int cOff,
            @ForAll @IntRange(min = 0, max = 2) int share,
            @ForAll("alphas") float alpha, @ForAll("betas") float beta,
            @ForAll boolean withBias, @ForAll Epilogue act, @ForAll("slopes") float slope,
            @ForAll @IntRange(min = 1, max = 3) int threads,
            @ForAll boolean packed,
            @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Problem p = Problem.random(rnd, transA, transB, m, n, k, alpha, beta, Values.UNIFORM,
                padA, padB, padC, aOff, bOff, cOff, share);
        p.withEpilogue(rnd, withBias, act, slope, Values.UNIFORM);
        float[] actual = packed ? p.runPacked(team(threads)) : p.run(team(threads));
        p.assertSameBits(p.expected(), actual, (packed ? "packed, " : "") + threads + " thread(s)");
    }

    /** Several K blocks (k up to 600), fewer tries. */
    @Property(tries = 40)
    void deepProductsMatchTheFmaOrderReference(
            @ForAll @IntRange(min = 1, max = 40) int m,
            @ForAll @IntRange(min = 1, max = 70) int n,
            @ForAll @IntRange(min = 200, max = 600) int k,
            @ForAll boolean transA, @ForAll boolean transB,
            @ForAll("alphas") float alpha, @ForAll("betas") float beta,
            @ForAll boolean withBias, @ForAll Epilogue act,
            @ForAll @IntRange(min = 1, max = 3) int threads,
            @ForAll boolean packed,
            @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Problem p = Problem.random(rnd, transA, transB, m, n, k, alpha, beta, Values.UNIFORM)
                .withEpilogue(rnd, withBias, act, 0.1f, Values.UNIFORM);
        float[] actual = packed ? p.runPacked(team(threads)) : p.run(team(threads));
        p.assertSameBits(p.expected(), actual, (packed ? "packed, " : "") + threads + " thread(s)");
    }

    /**
     * Metamorphic: multiplying the stored transposes with transA/transB set gives the same bits as
     * multiplying explicit (densely stored) copies of op(A) and op(B) without transposes.
     */
    @Property(tries = 100)
    void transposeFlagsEqualExplicitlyTransposedCopies(
            @ForAll @IntRange(min = 1, max = 80) int m,
            @ForAll @IntRange(min = 1, max = 80) int n,
            @ForAll @IntRange(min = 1, max = 80) int k,
            @ForAll boolean transA, @ForAll boolean transB,
            @ForAll("alphas") float alpha, @ForAll("betas") float beta,
            @ForAll @IntRange(min = 1, max = 3) int threads,
            @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Problem p = Problem.random(rnd, transA, transB, m, n, k, alpha, beta, Values.WIDE);
        float[] opA = new float[m * k];
        float[] opB = new float[k * n];
        for (int i = 0; i < m; i++) {
            for (int q = 0; q < k; q++) {
                opA[i * k + q] = GemmReference.opA(transA, p.a, p.aOff, p.lda, i, q);
            }
        }
        for (int q = 0; q < k; q++) {
            for (int j = 0; j < n; j++) {
                opB[q * n + j] = GemmReference.opB(transB, p.b, p.bOff, p.ldb, q, j);
            }
        }
        Problem plain = new Problem(false, false, m, n, k, alpha, opA, 0, k, opB, 0, n, beta, p.c, p.cOff, p.ldc);
        p.assertSameBits(plain.run(null), p.run(team(threads)), "transposed storage");
    }

    /**
     * Metamorphic: the fused, pre-packed, threaded product equals the plain product followed by a
     * separate bias + activation pass.
     */
    @Property(tries = 100)
    void fusedPackedThreadedEqualsPlainThenSeparatePass(
            @ForAll @IntRange(min = 1, max = 80) int m,
            @ForAll @IntRange(min = 1, max = 80) int n,
            @ForAll @IntRange(min = 1, max = 80) int k,
            @ForAll boolean transA, @ForAll boolean transB,
            @ForAll("alphas") float alpha, @ForAll("betas") float beta,
            @ForAll Epilogue act, @ForAll("slopes") float slope,
            @ForAll @IntRange(min = 1, max = 3) int threads,
            @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Problem p = Problem.random(rnd, transA, transB, m, n, k, alpha, beta, Values.UNIFORM);
        float[] expected = p.run(null);
        p.withEpilogue(rnd, true, act, slope, Values.UNIFORM);
        GemmReference.biasActivationPass(p, expected);
        p.assertSameBits(expected, p.runPacked(team(threads)), "fused packed");
        p.assertSameBits(expected, p.run(team(threads)), "fused");
    }

    /** Small integers: the result is exact, so it equals the double reference. */
    @Property(tries = 100)
    void smallIntegerProductsEqualTheDoubleReference(
            @ForAll @IntRange(min = 1, max = 80) int m,
            @ForAll @IntRange(min = 1, max = 80) int n,
            @ForAll @IntRange(min = 1, max = 300) int k,
            @ForAll boolean transA, @ForAll boolean transB,
            @ForAll @IntRange(min = -2, max = 2) int alpha,
            @ForAll @IntRange(min = -2, max = 2) int beta,
            @ForAll @IntRange(min = 1, max = 3) int threads,
            @ForAll boolean packed,
            @ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Problem p = Problem.random(rnd, transA, transB, m, n, k, alpha, beta, Values.SMALL_INT)
                .withEpilogue(rnd, rnd.nextBoolean(), rnd.nextBoolean() ? Epilogue.RELU : Epilogue.IDENTITY, 0f,
                        Values.SMALL_INT);
        float[] actual = packed ? p.runPacked(team(threads)) : p.run(team(threads));
        p.assertOutsideWindowUnchanged(actual, "small integers");
        DoubleResult ref = GemmReference.doubleSgemm(p);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(ref.value[i * n + j], actual[p.cOff + i * p.ldc + j], 0.0,
                        "C[" + i + "][" + j + "] of " + p);
            }
        }
    }
}
