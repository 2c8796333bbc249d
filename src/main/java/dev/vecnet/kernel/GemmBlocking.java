package dev.vecnet.kernel;

/**
 * Block sizes of the blocked GEMM for one vector width: the only place they are written down.
 *
 * <p>The loops are those of Goto/BLIS with the roles of A and B as row-major C needs them: vectors run
 * along N, so an {@code MR x NR} tile is {@code MR} rows of {@code NR / lanes} vectors. A packed
 * {@code KC x NC} block of B stays in L2 while {@code MR x KC} micro-panels of packed A (L1) sweep it.
 *
 * <p>{@link #KC} is the same for every width and for the scalar path on purpose: every path sums each
 * element in the same order (a fused multiply-add per k, restarted every {@code KC}), so the scalar
 * path, every vector width and every thread count give bit-identical results.
 *
 * @param mr rows of a micro-tile (registers hold {@code mr * nr / lanes} accumulators)
 * @param nr columns of a micro-tile, two vectors
 * @param mc rows of A packed at once
 * @param nc columns of B packed at once ({@code KC * nc} floats should fit in L2)
 */
record GemmBlocking(int mr, int nr, int mc, int nc) {

    /** Depth of a K block; shared by all paths (see the class comment). */
    static final int KC = 256;

    /** The configuration for a species of {@code lanes} floats. */
    static GemmBlocking forLanes(int lanes) {
        // 12 x (2 vectors): 24 accumulators + 2 B vectors + 1 broadcast = 27 of AVX-512's 32 registers.
        int nr = 2 * lanes;
        return new GemmBlocking(12, nr, 240, Math.max(nr, 512 / nr * nr));
    }
}
