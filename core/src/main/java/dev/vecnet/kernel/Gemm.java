package dev.vecnet.kernel;

/**
 * Single-precision matrix multiply, row-major, with BLAS semantics:
 * {@code C = act(alpha * op(A) * op(B) + beta * C + bias)}, where C is {@code m x n}, {@code op(A)} is
 * {@code m x k} and {@code op(B)} is {@code k x n}; {@code op(X)} is X or its transpose.
 *
 * <p>Storage: element {@code (i, j)} of a row-major matrix X stored from {@code xOff} is
 * {@code x[xOff + i * ldx + j]}; with {@code transA}, A is stored {@code k x m} (so {@code lda >= m}),
 * otherwise {@code m x k} ({@code lda >= k}); likewise B is stored {@code n x k} or {@code k x n}.
 *
 * <p>Semantics, as the reference BLAS: {@code beta == 0} never reads C (NaN there does not leak);
 * {@code alpha == 0} never reads A or B; {@code k == 0} gives {@code C = beta * C} (then bias and
 * activation); {@code m == 0 || n == 0} does nothing. Elements of C outside the {@code m x n} window
 * (padding between rows) are never written. A, B and bias are not modified; C must not overlap them.
 *
 * <p>Every argument is checked before anything is written; a bad one raises
 * {@link IllegalArgumentException} naming it and its value.
 *
 * <p>Allocation: none per call after the first call on a thread (each thread keeps its packing
 * workspace). Thread-safety: any number of threads may call these methods concurrently on distinct C.
 * Results do not depend on the thread count, and the vector and scalar paths give bit-identical
 * results (see {@link Kernels}).
 */
public final class Gemm {
    /**
     * Multiply-adds ({@code m * n * k}) up to which a product with unpacked operands skips packing
     * altogether and runs a plain loop nest: below it, packing would cost more than it saves.
     */
    static final long SMALL_PRODUCT = 4096;

    private Gemm() {
    }

    /**
     * Whether an {@code m x n x k} product is small enough that {@code sgemm} with unpacked operands
     * skips packing and runs a plain loop nest (at most 4096 multiply-adds). A caller that chooses between
     * packing an operand ahead ({@link PackedMatrix}) and passing it as it is can use this to avoid packing
     * for products that would not use the pack. Either way the result has the same bits.
     *
     * @param m rows of C, {@code >= 0}
     * @param n columns of C, {@code >= 0}
     * @param k the summed dimension, {@code >= 0}
     * @return {@code true} when {@code m * n * k} (computed in {@code long}) is at most the threshold
     */
    public static boolean isSmallProduct(int m, int n, int k) {
        return (long) m * n * k <= SMALL_PRODUCT;
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C}; see the class comment for storage and semantics.
     *
     * @param transA  whether op(A) is A transposed: A is then stored {@code k x m}, otherwise {@code m x k}
     * @param transB  whether op(B) is B transposed: B is then stored {@code n x k}, otherwise {@code k x n}
     * @param m       rows of C and of op(A), {@code >= 0}
     * @param n       columns of C and of op(B), {@code >= 0}
     * @param k       columns of op(A) and rows of op(B) (the summed dimension), {@code >= 0}
     * @param alpha   the factor of the product; 0 means A and B are not read
     * @param a       the matrix A; not modified
     * @param aOff    index in a of element (0, 0) of A
     * @param lda     leading dimension of A (index distance between row starts), {@code >= max(1, m)} with
     *                transA, else {@code >= max(1, k)}
     * @param b       the matrix B; not modified
     * @param bOff    index in b of element (0, 0) of B
     * @param ldb     leading dimension of B, {@code >= max(1, k)} with transB, else {@code >= max(1, n)}
     * @param beta    the factor of C's old value; 0 means C is not read (it may hold NaN)
     * @param c       the {@code m x n} matrix C, which must not overlap A, B or bias; overwritten within its
     *                window
     * @param cOff    index in c of element (0, 0) of C
     * @param ldc     leading dimension of C, {@code >= max(1, n)}
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                null, 0, Epilogue.IDENTITY, 0f, null);
    }

    /**
     * {@code C = act(alpha * op(A) * op(B) + beta * C + bias)} with the bias and activation applied while
     * each tile is still in registers.
     *
     * @param transA  whether op(A) is A transposed: A is then stored {@code k x m}, otherwise {@code m x k}
     * @param transB  whether op(B) is B transposed: B is then stored {@code n x k}, otherwise {@code k x n}
     * @param m       rows of C and of op(A), {@code >= 0}
     * @param n       columns of C and of op(B), {@code >= 0}
     * @param k       columns of op(A) and rows of op(B) (the summed dimension), {@code >= 0}
     * @param alpha   the factor of the product; 0 means A and B are not read
     * @param a       the matrix A; not modified
     * @param aOff    index in a of element (0, 0) of A
     * @param lda     leading dimension of A (index distance between row starts), {@code >= max(1, m)} with
     *                transA, else {@code >= max(1, k)}
     * @param b       the matrix B; not modified
     * @param bOff    index in b of element (0, 0) of B
     * @param ldb     leading dimension of B, {@code >= max(1, k)} with transB, else {@code >= max(1, n)}
     * @param beta    the factor of C's old value; 0 means C is not read (it may hold NaN)
     * @param c       the {@code m x n} matrix C, which must not overlap A, B or bias; overwritten within its
     *                window
     * @param cOff    index in c of element (0, 0) of C
     * @param ldc     leading dimension of C, {@code >= max(1, n)}
     * @param bias    per-column bias, {@code bias[biasOff + j]} added to column j ({@code n} values); null for
     *                none; not modified
     * @param biasOff index in bias of column 0's bias (ignored when bias is null)
     * @param act     activation applied last; {@link Epilogue#IDENTITY} for none
     * @param slope   the negative slope of {@link Epilogue#LEAKY_RELU}; ignored otherwise
     * @param threads the team to split the product across; null runs on the calling thread
     * @throws IllegalStateException if threads has been closed
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc,
                             float[] bias, int biasOff, Epilogue act, float slope, WorkerTeam threads) {
        sgemmWith(Kernels.gemm(), transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                bias, biasOff, act, slope, threads);
    }

    /** The unpacked product on a given kernel (tests run every tile shape through this). */
    static void sgemmWith(GemmKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc,
                          float[] bias, int biasOff, Epilogue act, float slope, WorkerTeam threads) {
        GemmArgs.requireNonNegative("m", m);
        GemmArgs.requireNonNegative("n", n);
        GemmArgs.requireNonNegative("k", k);
        GemmArgs.requireMatrix("a", a, aOff, lda, transA ? k : m, transA ? m : k);
        GemmArgs.requireMatrix("b", b, bOff, ldb, transB ? n : k, transB ? k : n);
        run(kernel, transB, b, bOff, ldb, null,
                transA, m, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc, bias, biasOff, act, slope, threads);
    }

    /**
     * {@code C = alpha * op(A) * B + beta * C} with B packed ahead ({@code k = b.k()}, {@code n = b.n()}).
     *
     * @param transA  whether op(A) is A transposed: A is then stored {@code k x m}, otherwise {@code m x k}
     * @param m       rows of C and of op(A), {@code >= 0}
     * @param alpha   the factor of the product; 0 means A and B are not read
     * @param a       the matrix A; not modified
     * @param aOff    index in a of element (0, 0) of A
     * @param lda     leading dimension of A (index distance between row starts), {@code >= max(1, m)} with
     *                transA, else {@code >= max(1, k)}
     * @param b       the packed {@code k x n} matrix B (already transposed, if it was, when packed); not modified
     * @param beta    the factor of C's old value; 0 means C is not read (it may hold NaN)
     * @param c       the {@code m x n} matrix C, which must not overlap A or bias; overwritten within its window
     * @param cOff    index in c of element (0, 0) of C
     * @param ldc     leading dimension of C, {@code >= max(1, n)}
     */
    public static void sgemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedMatrix b,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(transA, m, alpha, a, aOff, lda, b, beta, c, cOff, ldc, null, 0, Epilogue.IDENTITY, 0f, null);
    }

    /**
     * {@code C = act(alpha * op(A) * B + beta * C + bias)} with B packed ahead ({@code k = b.k()},
     * {@code n = b.n()}); the other arguments as in the unpacked form.
     *
     * @param transA  whether op(A) is A transposed: A is then stored {@code k x m}, otherwise {@code m x k}
     * @param m       rows of C and of op(A), {@code >= 0}
     * @param alpha   the factor of the product; 0 means A and B are not read
     * @param a       the matrix A; not modified
     * @param aOff    index in a of element (0, 0) of A
     * @param lda     leading dimension of A (index distance between row starts), {@code >= max(1, m)} with
     *                transA, else {@code >= max(1, k)}
     * @param b       the packed {@code k x n} matrix B (already transposed, if it was, when packed); not modified
     * @param beta    the factor of C's old value; 0 means C is not read (it may hold NaN)
     * @param c       the {@code m x n} matrix C, which must not overlap A or bias; overwritten within its window
     * @param cOff    index in c of element (0, 0) of C
     * @param ldc     leading dimension of C, {@code >= max(1, n)}
     * @param bias    per-column bias, {@code bias[biasOff + j]} added to column j ({@code n} values); null for
     *                none; not modified
     * @param biasOff index in bias of column 0's bias (ignored when bias is null)
     * @param act     activation applied last; {@link Epilogue#IDENTITY} for none
     * @param slope   the negative slope of {@link Epilogue#LEAKY_RELU}; ignored otherwise
     * @param threads the team to split the product across; null runs on the calling thread
     * @throws IllegalStateException if threads has been closed
     */
    public static void sgemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedMatrix b,
                             float beta, float[] c, int cOff, int ldc,
                             float[] bias, int biasOff, Epilogue act, float slope, WorkerTeam threads) {
        sgemmWith(Kernels.gemm(), transA, m, alpha, a, aOff, lda, b, beta, c, cOff, ldc, bias, biasOff, act, slope,
                threads);
    }

    /** The pre-packed product on a given kernel, which must use the packed layout of {@link Kernels#gemm()}. */
    static void sgemmWith(GemmKernel kernel, boolean transA, int m, float alpha, float[] a, int aOff, int lda,
                          PackedMatrix b, float beta, float[] c, int cOff, int ldc,
                          float[] bias, int biasOff, Epilogue act, float slope, WorkerTeam threads) {
        if (b == null) {
            throw new IllegalArgumentException("b must not be null");
        }
        int n = b.n();
        int k = b.k();
        GemmArgs.requireNonNegative("m", m);
        GemmArgs.requireMatrix("a", a, aOff, lda, transA ? k : m, transA ? m : k);
        run(kernel, false, null, 0, 0, b,
                transA, m, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc, bias, biasOff, act, slope, threads);
    }

    private static void checkOpen(WorkerTeam threads) {
        if (threads != null && threads.isClosed()) {
            throw new IllegalStateException("the WorkerTeam team passed to sgemm is closed");
        }
    }

    private static void checkOutput(int m, int n, float[] c, int cOff, int ldc, float[] bias, int biasOff, Epilogue act) {
        GemmArgs.requireMatrix("c", c, cOff, ldc, m, n);
        GemmArgs.requireBias(bias, biasOff, n);
        if (act == null) {
            throw new IllegalArgumentException("act must not be null (use Epilogue.IDENTITY)");
        }
    }

    /**
     * Checks C, the bias, the activation and the team, then runs the product on this thread's reusable
     * {@link GemmCall}: B is either {@code b} (with {@code transB}, {@code bOff}, {@code ldb}) or
     * {@code packedB}. A and B have been checked by the caller.
     */
    private static void run(GemmKernel kernel, boolean transB, float[] b, int bOff, int ldb, PackedMatrix packedB,
                            boolean transA, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float beta, float[] c, int cOff, int ldc,
                            float[] bias, int biasOff, Epilogue act, float slope, WorkerTeam threads) {
        checkOutput(m, n, c, cOff, ldc, bias, biasOff, act);
        checkOpen(threads);
        if (m == 0 || n == 0) {
            return;
        }
        GemmWorkspace ws = GemmWorkspace.get();
        GemmCall call = ws.call;
        call.transB = transB;
        call.b = b;
        call.bOff = bOff;
        call.ldb = ldb;
        call.packedB = packedB;
        call.transA = transA;
        call.m = m;
        call.n = n;
        call.k = k;
        call.alpha = alpha;
        call.a = a;
        call.aOff = aOff;
        call.lda = lda;
        call.beta = beta;
        call.c = c;
        call.cOff = cOff;
        call.ldc = ldc;
        call.bias = bias;
        call.biasOff = biasOff;
        call.act = act;
        call.slope = slope;
        try {
            if (alpha == 0f || k == 0) {
                scaleOnly(call);
            } else if (threads == null || threads.threads() == 1) {
                kernel.compute(call, 0, m, 0, n, ws);
            } else {
                threads.run(kernel, call);
            }
        } finally {
            call.clear();
        }
    }

    /**
     * {@code C = act(beta * C + bias)}: the product is empty or scaled away, so A and B are not read;
     * {@code beta * C} exactly as BLAS scales C (so {@code -0.0} survives {@code beta == 1}), 0 when beta is 0.
     */
    private static void scaleOnly(GemmCall call) {
        for (int i = 0; i < call.m; i++) {
            int row = call.cOff + i * call.ldc;
            for (int j = 0; j < call.n; j++) {
                float v = call.beta != 0f ? call.c[row + j] * call.beta : 0f;
                if (call.bias != null) {
                    v += call.bias[call.biasOff + j];
                }
                call.c[row + j] = call.act.apply(v, call.slope);
            }
        }
    }
}
