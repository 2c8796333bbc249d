package dev.vecnet.kernel;

/**
 * A right-hand GEMM operand {@code op(B)} ({@code k x n}) packed once into the layout the chosen kernel
 * reads, so that it can be multiplied many times without repacking: a layer's weight matrix, packed as
 * {@code W^T} for the forward product {@code X W^T} or as {@code W} for the backward product
 * {@code dY W}. Use it with {@link Gemm#sgemm(boolean, int, float, float[], int, int, PackedMatrix, float,
 * float[], int, int)}.
 *
 * <p>Memory: {@code k x roundUp(n, NR)} floats, allocated once by {@link #pack}; {@link #repack} refreshes
 * the contents after the source changed (an optimizer step) without allocating.
 *
 * <p>Thread-safety: after packing, any number of threads may multiply by it concurrently; {@link #repack}
 * must not run while another thread multiplies.
 */
public final class PackedMatrix {
    private final int k;
    private final int n;
    private final float[] data;

    private PackedMatrix(int k, int n, float[] data) {
        this.k = k;
        this.n = n;
        this.data = data;
    }

    /**
     * Packs {@code op(B)}, a {@code k x n} matrix: {@code op(B)[p][j] = trans ? src[off + j*ld + p]
     * : src[off + p*ld + j]}. {@code src} is not modified.
     *
     * @param trans whether {@code op(B)} is src transposed: src is then stored {@code n x k}, otherwise {@code k x n}
     * @param k rows of {@code op(B)}, the inner dimension of products with it, {@code >= 0}
     * @param n columns of {@code op(B)}, the columns of products with it, {@code >= 0}
     * @param src the source matrix, row-major; not modified
     * @param off index in src of element (0, 0)
     * @param ld leading dimension of src (index distance between row starts), {@code >= max(1, k)} with trans, else
     *         {@code >= max(1, n)}
     * @return a new packed matrix holding {@code op(B)}, owning its storage
     * @throws IllegalArgumentException for negative sizes, a leading dimension too small or an array too
     *         short
     */
    public static PackedMatrix pack(boolean trans, int k, int n, float[] src, int off, int ld) {
        GemmArgs.requireNonNegative("k", k);
        GemmArgs.requireNonNegative("n", n);
        checkSource(trans, k, n, src, off, ld);
        GemmKernel kernel = Kernels.gemm();
        PackedMatrix packed = new PackedMatrix(k, n, new float[kernel.packedLength(k, n)]);
        kernel.pack(trans, k, n, src, off, ld, packed.data);
        return packed;
    }

    /**
     * Packs new contents of the same shape into this matrix, without allocating. Arguments as for
     * {@link #pack}; this matrix is modified.
     *
     * @param trans whether {@code op(B)} is src transposed: src is then stored {@code n x k}, otherwise {@code k x n}
     * @param src the source matrix, row-major; not modified
     * @param off index in src of element (0, 0)
     * @param ld leading dimension of src (index distance between row starts), {@code >= max(1, k)} with trans, else
     *         {@code >= max(1, n)}
     */
    public void repack(boolean trans, float[] src, int off, int ld) {
        checkSource(trans, k, n, src, off, ld);
        Kernels.gemm().pack(trans, k, n, src, off, ld, data);
    }

    private static void checkSource(boolean trans, int k, int n, float[] src, int off, int ld) {
        GemmArgs.requireMatrix("b", src, off, ld, trans ? n : k, trans ? k : n);
    }

    /**
     * Rows of {@code op(B)}: the inner dimension of the product.
     *
     * @return k, the number of rows of {@code op(B)}
     */
    public int k() {
        return k;
    }

    /**
     * Columns of {@code op(B)}: the columns of the product.
     *
     * @return n, the number of columns of {@code op(B)}
     */
    public int n() {
        return n;
    }

    float[] data() {
        return data;
    }
}
