package dev.vecnet.kernel;

/**
 * Per-thread scratch for GEMM: packed panels of A and B and a micro-tile. Each array grows to the
 * largest size a kernel asked for and is then reused, so that with fixed block sizes no GEMM call
 * allocates after a thread's first. Confined to its thread.
 */
final class GemmWorkspace {
    private static final ThreadLocal<GemmWorkspace> PER_THREAD = ThreadLocal.withInitial(GemmWorkspace::new);

    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    private float[] tile = new float[0];
    private float[] transposedProduct = new float[0];
    /** The arguments of calls made from this thread (see {@link GemmCall}). */
    final GemmCall call = new GemmCall();
    /** The arguments of the transposed product {@code C^T = B A^T} a vector GEMM may run for a call. */
    final GemmCall transposedCall = new GemmCall();

    private GemmWorkspace() {
    }

    /** This thread's workspace. */
    static GemmWorkspace get() {
        return PER_THREAD.get();
    }

    float[] packedA(int length) {
        if (packedA.length < length) {
            packedA = new float[length];
        }
        return packedA;
    }

    float[] packedB(int length) {
        if (packedB.length < length) {
            packedB = new float[length];
        }
        return packedB;
    }

    /** Room for {@code C^T} of a product run transposed (see {@link #transposedCall}). */
    float[] transposedProduct(int length) {
        if (transposedProduct.length < length) {
            transposedProduct = new float[length];
        }
        return transposedProduct;
    }

    float[] tile(int length) {
        if (tile.length < length) {
            tile = new float[length];
        }
        return tile;
    }
}
