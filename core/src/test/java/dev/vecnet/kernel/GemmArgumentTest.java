package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad argument raises IllegalArgumentException (not an ArrayIndexOutOfBoundsException or a
 * NullPointerException), with a message naming the argument, before anything is written: C, A, B and
 * the bias are compared with copies after the throw.
 */
class GemmArgumentTest {
    private static final int M = 5;
    private static final int N = 6;
    private static final int K = 7;

    /** A valid call (offsets and padding everywhere) that one mutation makes invalid. */
    static final class Args {
        final boolean transA;
        final boolean transB;
        int m = M;
        int n = N;
        int k = K;
        float[] a;
        int aOff = 2;
        int lda;
        float[] b;
        int bOff = 3;
        int ldb;
        float[] c;
        int cOff = 1;
        int ldc = N + 2;
        float[] bias;
        int biasOff = 1;
        Epilogue act = Epilogue.RELU;

        Args(boolean transA, boolean transB) {
            this.transA = transA;
            this.transB = transB;
            lda = (transA ? M : K) + 1;
            ldb = (transB ? K : N) + 2;
            a = filled(aOff + ((transA ? K : M) - 1) * lda + (transA ? M : K), 0.5f);
            b = filled(bOff + ((transB ? N : K) - 1) * ldb + (transB ? K : N), -0.25f);
            c = filled(cOff + (M - 1) * ldc + N, 3f);
            bias = filled(biasOff + N, 1f);
        }

        /** Minimum leading dimensions of the valid call. */
        int minLda() {
            return transA ? m : k;
        }

        int minLdb() {
            return transB ? k : n;
        }

        void call() {
            Gemm.sgemm(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 1f, c, cOff, ldc,
                    bias, biasOff, act, 0.1f, null);
        }

        void callPlain() {
            Gemm.sgemm(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 1f, c, cOff, ldc);
        }

        void callPacked(PackedMatrix packed) {
            Gemm.sgemm(transA, m, 1f, a, aOff, lda, packed, 1f, c, cOff, ldc, bias, biasOff, act, 0.1f, null);
        }

        private static float[] filled(int length, float start) {
            float[] x = new float[length];
            for (int i = 0; i < length; i++) {
                x[i] = start + i;
            }
            return x;
        }
    }

    /** A named mutation and a fragment its message must contain. */
    private static Arguments bad(String name, String message, Consumer<Args> mutation) {
        return Arguments.of(name, message, mutation);
    }

    /** Mutations of the arguments the unpacked and packed forms share (everything but B). */
    static List<Arguments> sharedMutations() {
        List<Arguments> list = new ArrayList<>();
        list.add(bad("m = -1", "m must be >= 0, was -1", x -> x.m = -1));
        list.add(bad("lda one too small", "lda", x -> x.lda = x.minLda() - 1));
        list.add(bad("lda = 0 with m = 0", "lda", x -> {
            x.m = 0;
            x.lda = 0;
        }));
        list.add(bad("ldc one too small", "ldc", x -> x.ldc = x.n - 1));
        list.add(bad("aOff = -1", "aOff", x -> x.aOff = -1));
        list.add(bad("cOff = -1", "cOff", x -> x.cOff = -1));
        list.add(bad("a one element too short", "a is too short", x -> x.a = Arrays.copyOf(x.a, x.a.length - 1)));
        list.add(bad("aOff past the end", "a is too short", x -> x.aOff = x.a.length));
        list.add(bad("aOff = MAX_VALUE", "a is too short", x -> x.aOff = Integer.MAX_VALUE));
        list.add(bad("lda = MAX_VALUE (index overflows int)", "a is too short", x -> x.lda = Integer.MAX_VALUE));
        list.add(bad("c one element too short", "c is too short", x -> x.c = Arrays.copyOf(x.c, x.c.length - 1)));
        list.add(bad("cOff one too far", "c is too short", x -> x.cOff++));
        list.add(bad("ldc = MAX_VALUE (index overflows int)", "c is too short", x -> x.ldc = Integer.MAX_VALUE));
        list.add(bad("a null", "a must not be null", x -> x.a = null));
        list.add(bad("c null", "c must not be null", x -> x.c = null));
        list.add(bad("bias one element too short", "bias is too short", x -> x.bias = Arrays.copyOf(x.bias, x.bias.length - 1)));
        list.add(bad("biasOff = -1", "biasOff", x -> x.biasOff = -1));
        list.add(bad("biasOff one too far", "bias is too short", x -> x.biasOff++));
        list.add(bad("biasOff = MAX_VALUE", "bias is too short", x -> x.biasOff = Integer.MAX_VALUE));
        list.add(bad("act null", "act", x -> x.act = null));
        return list;
    }

    /** Mutations that concern n, k or B, so only the unpacked form has them. */
    static List<Arguments> unpackedOnlyMutations() {
        List<Arguments> list = new ArrayList<>();
        list.add(bad("n = -1", "n must be >= 0, was -1", x -> x.n = -1));
        list.add(bad("k = -1", "k must be >= 0, was -1", x -> x.k = -1));
        list.add(bad("ldb one too small", "ldb", x -> x.ldb = x.minLdb() - 1));
        list.add(bad("bOff = -1", "bOff", x -> x.bOff = -1));
        list.add(bad("b one element too short", "b is too short", x -> x.b = Arrays.copyOf(x.b, x.b.length - 1)));
        list.add(bad("bOff past the end", "b is too short", x -> x.bOff = x.b.length));
        list.add(bad("ldb = MAX_VALUE (index overflows int)", "b is too short", x -> x.ldb = Integer.MAX_VALUE));
        list.add(bad("b null", "b must not be null", x -> x.b = null));
        return list;
    }

    static Stream<Arguments> unpackedCases() {
        List<Arguments> out = new ArrayList<>();
        for (boolean[] t : GemmReference.TRANSPOSES) {
            List<Arguments> all = new ArrayList<>(sharedMutations());
            all.addAll(unpackedOnlyMutations());
            for (Arguments x : all) {
                Object[] v = x.get();
                out.add(Arguments.of(t[0], t[1], v[0], v[1], v[2]));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> packedCases() {
        List<Arguments> out = new ArrayList<>();
        for (boolean transA : new boolean[] {false, true}) {
            for (Arguments x : sharedMutations()) {
                Object[] v = x.get();
                out.add(Arguments.of(transA, v[0], v[1], v[2]));
            }
        }
        return out.stream();
    }

    private static void assertRejected(Args x, Runnable call, String message, String what) {
        float[] c0 = x.c == null ? null : x.c.clone();
        float[] a0 = x.a == null ? null : x.a.clone();
        float[] b0 = x.b == null ? null : x.b.clone();
        float[] bias0 = x.bias == null ? null : x.bias.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run, what);
        assertTrue(e.getMessage() != null && e.getMessage().contains(message),
                () -> what + ": message '" + e.getMessage() + "' should contain '" + message + "'");
        assertArrayEquals(c0, x.c, () -> what + ": C was written before the argument error");
        assertArrayEquals(a0, x.a, () -> what + ": A was modified");
        assertArrayEquals(b0, x.b, () -> what + ": B was modified");
        assertArrayEquals(bias0, x.bias, () -> what + ": bias was modified");
    }

    @ParameterizedTest(name = "transA={0} transB={1}: {2}")
    @MethodSource("unpackedCases")
    void unpackedFormRejects(boolean transA, boolean transB, String name, String message, Consumer<Args> mutation) {
        Args valid = new Args(transA, transB);
        valid.call(); // the unmutated call is valid
        Args x = new Args(transA, transB);
        mutation.accept(x);
        assertRejected(x, x::call, message, name);
        if (x.bias != null && x.act != null && !name.startsWith("bias")) {
            Args y = new Args(transA, transB);
            mutation.accept(y);
            assertRejected(y, y::callPlain, message, name + " (plain overload)");
        }
    }

    @ParameterizedTest(name = "transA={0}: {1}")
    @MethodSource("packedCases")
    void packedFormRejects(boolean transA, String name, String message, Consumer<Args> mutation) {
        Args valid = new Args(transA, false);
        PackedMatrix packed = PackedMatrix.pack(false, K, N, valid.b, valid.bOff, valid.ldb);
        valid.callPacked(packed);
        Args x = new Args(transA, false);
        mutation.accept(x);
        if (x.k != K || x.n != N) {
            return;
        }
        assertRejected(x, () -> x.callPacked(packed), message, name);
    }

    @Test
    void packedFormRejectsNullMatrix() {
        Args x = new Args(false, false);
        assertRejected(x, () -> x.callPacked(null), "b must not be null", "null PackedMatrix");
        assertRejected(x, () -> Gemm.sgemm(false, M, 1f, x.a, x.aOff, x.lda, null, 0f, x.c, x.cOff, x.ldc),
                "b must not be null", "null PackedMatrix (plain overload)");
    }

    @Test
    void packRejectsBadArguments() {
        float[] src = new float[K * N];
        assertMessage(() -> PackedMatrix.pack(false, -1, N, src, 0, N), "k must be >= 0, was -1");
        assertMessage(() -> PackedMatrix.pack(false, K, -1, src, 0, N), "n must be >= 0, was -1");
        assertMessage(() -> PackedMatrix.pack(false, K, N, src, 0, N - 1), "ldb");
        assertMessage(() -> PackedMatrix.pack(true, K, N, src, 0, K - 1), "ldb");
        assertMessage(() -> PackedMatrix.pack(false, K, N, src, -1, N), "bOff");
        assertMessage(() -> PackedMatrix.pack(false, K, N, src, 1, N), "b is too short");
        assertMessage(() -> PackedMatrix.pack(true, K, N, src, 0, K + 1), "b is too short");
        assertMessage(() -> PackedMatrix.pack(false, K, N, src, 0, Integer.MAX_VALUE), "b is too short");
        assertMessage(() -> PackedMatrix.pack(false, K, N, null, 0, N), "b must not be null");
    }

    /** A failed repack leaves the packed contents as they were. */
    @Test
    void repackRejectsBadArgumentsAndKeepsTheOldContents() {
        float[] src = new float[K * N];
        for (int i = 0; i < src.length; i++) {
            src[i] = i % 5 - 2;
        }
        PackedMatrix packed = PackedMatrix.pack(false, K, N, src, 0, N);
        float[] a = new float[M * K];
        Arrays.fill(a, 1f);
        float[] before = new float[M * N];
        Gemm.sgemm(false, M, 1f, a, 0, K, packed, 0f, before, 0, N);
        float[] other = new float[K * N + 1];
        Arrays.fill(other, 9f);
        assertMessage(() -> packed.repack(false, other, 0, N - 1), "ldb");
        assertMessage(() -> packed.repack(false, other, 2, N), "b is too short");
        assertMessage(() -> packed.repack(true, other, 0, K - 1), "ldb");
        assertMessage(() -> packed.repack(false, other, -1, N), "bOff");
        assertMessage(() -> packed.repack(false, null, 0, N), "b must not be null");
        float[] after = new float[M * N];
        Gemm.sgemm(false, M, 1f, a, 0, K, packed, 0f, after, 0, N);
        assertArrayEquals(before, after, "a rejected repack changed the packed matrix");
        assertEquals(K, packed.k());
        assertEquals(N, packed.n());
    }

    @Test
    void threadsMustBePositive() {
        assertMessage(() -> new WorkerTeam(0), "threads must be >= 1, was 0");
        assertMessage(() -> new WorkerTeam(-3), "threads must be >= 1, was -3");
    }

    private static void assertMessage(Runnable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage() != null && e.getMessage().contains(message),
                () -> "message '" + e.getMessage() + "' should contain '" + message + "'");
    }
}
