package dev.vecnet.kernel;

/**
 * A product {@code C = act(alpha * op(A) * op(B) + beta * C + bias)} described by named operands instead of
 * {@link Gemm#sgemm}'s 21 positional arguments, for code that sets up the same kind of product many times: make
 * one, name what changes ({@link #a}, {@link #b}, {@link #c}, and optionally {@link #bias}, {@link #activation},
 * {@link #team}), and {@link #run} it. Every setting stays until it is set again, so a layer can keep one product
 * per pass and change only the offsets between calls.
 *
 * <pre>{@code
 * GemmProduct forward = new GemmProduct()
 *         .a(x, 0, in)                 // batch x in, row-major
 *         .bTransposed(w, 0, in)       // W is out x in; op(B) = W^T
 *         .c(y, 0, out)
 *         .bias(b, 0).activation(Epilogue.RELU, 0f);
 * forward.run(batch, out, in, 1f, 0f);
 * }</pre>
 *
 * <p>{@link #run} is {@link Gemm#sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int,
 * float, float[], int, int, float[], int, Epilogue, float, WorkerTeam)} with these operands: the same checks, the
 * same kernels and the same bits. Allocation: none after construction. Not thread-safe (it holds the operands);
 * one per thread or per call site.
 */
public final class GemmProduct {
    private float[] a;
    private int aOff;
    private int lda;
    private boolean transA;
    private float[] b;
    private int bOff;
    private int ldb;
    private boolean transB;
    private float[] c;
    private int cOff;
    private int ldc;
    private float[] bias;
    private int biasOff;
    private Epilogue activation = Epilogue.IDENTITY;
    private float slope;
    private WorkerTeam team;

    /** A product with no operands yet, no bias, no activation, on the calling thread. */
    public GemmProduct() {
    }

    /**
     * A stored as it is: {@code m x k}, row-major.
     *
     * @param data   the array holding A; not modified by {@link #run}
     * @param offset index in {@code data} of element (0, 0)
     * @param ld     leading dimension (index distance between row starts), {@code >= max(1, k)}
     * @return this product
     */
    public GemmProduct a(float[] data, int offset, int ld) {
        return a(data, offset, ld, false);
    }

    /**
     * A stored transposed: op(A) = A^T, A stored {@code k x m}.
     *
     * @param data   the array holding A; not modified by {@link #run}
     * @param offset index in {@code data} of element (0, 0)
     * @param ld     leading dimension, {@code >= max(1, m)}
     * @return this product
     */
    public GemmProduct aTransposed(float[] data, int offset, int ld) {
        return a(data, offset, ld, true);
    }

    /**
     * B stored as it is: {@code k x n}, row-major.
     *
     * @param data   the array holding B; not modified by {@link #run}
     * @param offset index in {@code data} of element (0, 0)
     * @param ld     leading dimension, {@code >= max(1, n)}
     * @return this product
     */
    public GemmProduct b(float[] data, int offset, int ld) {
        return b(data, offset, ld, false);
    }

    /**
     * B stored transposed: op(B) = B^T, B stored {@code n x k} (a layer's {@code [out][in]} weights).
     *
     * @param data   the array holding B; not modified by {@link #run}
     * @param offset index in {@code data} of element (0, 0)
     * @param ld     leading dimension, {@code >= max(1, k)}
     * @return this product
     */
    public GemmProduct bTransposed(float[] data, int offset, int ld) {
        return b(data, offset, ld, true);
    }

    /**
     * The result C, {@code m x n}, row-major; it must not overlap A, B or the bias.
     *
     * @param data   the array holding C; overwritten within its window by {@link #run}
     * @param offset index in {@code data} of element (0, 0)
     * @param ld     leading dimension, {@code >= max(1, n)}
     * @return this product
     */
    public GemmProduct c(float[] data, int offset, int ld) {
        c = data;
        cOff = offset;
        ldc = ld;
        return this;
    }

    /**
     * A per-column bias: {@code data[offset + j]} is added to column {@code j}.
     *
     * @param data   the {@code n} biases, or null for none; not modified
     * @param offset index in {@code data} of column 0's bias
     * @return this product
     */
    public GemmProduct bias(float[] data, int offset) {
        bias = data;
        biasOff = offset;
        return this;
    }

    /**
     * The activation applied last, while each tile is in registers.
     *
     * @param value {@link Epilogue#IDENTITY} for none, not null
     * @param leakySlope the negative slope of {@link Epilogue#LEAKY_RELU}; ignored otherwise
     * @return this product
     */
    public GemmProduct activation(Epilogue value, float leakySlope) {
        activation = java.util.Objects.requireNonNull(value, "activation");
        slope = leakySlope;
        return this;
    }

    /**
     * The team the product is split across.
     *
     * @param value the team, or null for the calling thread alone
     * @return this product
     */
    public GemmProduct team(WorkerTeam value) {
        team = value;
        return this;
    }

    /**
     * Computes {@code C = act(alpha * op(A) * op(B) + beta * C + bias)} with the operands set so far.
     *
     * @param m     rows of C and of op(A), {@code >= 0}
     * @param n     columns of C and of op(B), {@code >= 0}
     * @param k     columns of op(A) and rows of op(B), {@code >= 0}
     * @param alpha the factor of the product; 0 means A and B are not read
     * @param beta  the factor of C's old value; 0 means C is not read
     * @throws IllegalArgumentException as {@link Gemm#sgemm} does, for example when an operand was never set or
     *                                  is too short for its window
     * @throws IllegalStateException    when the team is closed
     */
    public void run(int m, int n, int k, float alpha, float beta) {
        Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff,
                activation, slope, team);
    }

    private GemmProduct a(float[] data, int offset, int ld, boolean transposed) {
        a = data;
        aOff = offset;
        lda = ld;
        transA = transposed;
        return this;
    }

    private GemmProduct b(float[] data, int offset, int ld, boolean transposed) {
        b = data;
        bOff = offset;
        ldb = ld;
        transB = transposed;
        return this;
    }
}
