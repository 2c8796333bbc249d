package dev.vecnet.kernel;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The named-operand product is the positional sgemm: the same bits for every layout, bias and activation. */
class GemmProductTest {

    @Property(tries = 60)
    void sameBitsAsThePositionalCall(@ForAll @IntRange(min = 1, max = 70) int m, @ForAll @IntRange(min = 1, max = 70) int n,
                                     @ForAll @IntRange(min = 1, max = 70) int k, @ForAll boolean transA,
                                     @ForAll boolean transB, @ForAll boolean withBias, @ForAll Epilogue act,
                                     @ForAll @IntRange(min = 0, max = 3) int pad) {
        SplittableRandom random = new SplittableRandom(31L * m + 17L * n + k);
        int lda = (transA ? m : k) + pad;
        int ldb = (transB ? k : n) + pad;
        int ldc = n + pad;
        float[] a = values(random, 2 + (transA ? k : m) * lda);
        float[] b = values(random, 1 + (transB ? n : k) * ldb);
        float[] bias = withBias ? values(random, n + 3) : null;
        float[] expected = values(random, 4 + m * ldc);
        float[] actual = expected.clone();
        Gemm.sgemm(transA, transB, m, n, k, 0.75f, a, 2, lda, b, 1, ldb, 0.5f, expected, 4, ldc, bias, 3, act,
                0.125f, null);
        GemmProduct product = new GemmProduct().c(actual, 4, ldc).bias(bias, 3).activation(act, 0.125f);
        if (transA) {
            product.aTransposed(a, 2, lda);
        } else {
            product.a(a, 2, lda);
        }
        if (transB) {
            product.bTransposed(b, 1, ldb);
        } else {
            product.b(b, 1, ldb);
        }
        product.run(m, n, k, 0.75f, 0.5f);
        assertArrayEquals(expected, actual);
    }

    @Test
    void settingsStayUntilSetAgainAndMissingOperandsAreNamed() {
        float[] a = {1, 2, 3, 4};
        float[] b = {1, 0, 0, 1};
        float[] c = new float[4];
        GemmProduct product = new GemmProduct().a(a, 0, 2).b(b, 0, 2).c(c, 0, 2);
        product.run(2, 2, 2, 1f, 0f);
        assertArrayEquals(a, c);
        product.bTransposed(new float[] {2, 0, 0, 2}, 0, 2).run(2, 2, 2, 1f, 0f);   // A kept, B replaced
        assertArrayEquals(new float[] {2, 4, 6, 8}, c);
        assertThrows(IllegalArgumentException.class, () -> new GemmProduct().b(b, 0, 2).c(c, 0, 2).run(2, 2, 2, 1f, 0f));
        assertThrows(NullPointerException.class, () -> new GemmProduct().activation(null, 0f));
    }

    private static float[] values(SplittableRandom random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }
}
