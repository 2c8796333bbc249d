package dev.vecnet.kernel;

/**
 * One implementation of the GEMM kernels (scalar or vector). Arguments arrive validated by
 * {@link Gemm}; implementations never check them again.
 */
interface GemmKernel {

    /** Float vector width in bits, 0 for the scalar implementation. */
    int vectorBitSize();

    /** The register tile and block sizes, and why they were chosen, in one line. */
    String describeBlocking();

    /** Thread splits of M are multiples of this (so each element is computed the same way for any split). */
    int rowAlignment();

    /** Thread splits of N are multiples of this. */
    int columnAlignment();

    /** Length of the array {@link #pack} fills for a {@code k x n} operand. */
    int packedLength(int k, int n);

    /**
     * Packs {@code op(B)} ({@code k x n}; {@code op(B)[p][j] = trans ? src[off + j*ld + p] : src[off + p*ld + j]})
     * into {@code dst} in this implementation's layout.
     */
    void pack(boolean trans, int k, int n, float[] src, int off, int ld, float[] dst);

    /**
     * Computes rows {@code [m0, m1)} and columns {@code [n0, n1)} of {@code call}'s C, all of K, with
     * {@code call.alpha != 0} and {@code call.k > 0}. Uses only {@code ws} as scratch.
     */
    void compute(GemmCall call, int m0, int m1, int n0, int n1, GemmWorkspace ws);
}
