package dev.vecnet.kernel;

/**
 * The validated arguments of one GEMM call, held in a reusable object so that handing a call to
 * worker threads allocates nothing. Written by the calling thread before work starts, read-only while
 * any thread computes.
 */
final class GemmCall {
    boolean transA;
    boolean transB;
    int m;
    int n;
    int k;
    float alpha;
    float[] a;
    int aOff;
    int lda;
    float[] b;
    int bOff;
    int ldb;
    /** Non-null when B was packed ahead; {@link #b} is then unused. */
    PackedMatrix packedB;
    float beta;
    float[] c;
    int cOff;
    int ldc;
    /** Per-column bias (length >= n from {@link #biasOff}), or null. */
    float[] bias;
    int biasOff;
    Epilogue act;
    float slope;

    /** Drops references to caller arrays so that a pooled call does not keep them alive. */
    void clear() {
        a = null;
        b = null;
        packedB = null;
        c = null;
        bias = null;
    }

    /**
     * The epilogue of one element: {@code act(alpha * acc + beta * cOld + bias)}, with {@code beta * cOld}
     * skipped when {@code beta == 0} and the bias and activation only on the last K block. Every path
     * uses this order of operations (vector paths lane by lane), which keeps them bit-identical.
     */
    static float finish(float acc, float alpha, float beta, float[] c, int cIdx,
                        float[] bias, int biasIdx, Epilogue act, float slope) {
        float v = acc * alpha;
        if (beta != 0f) {
            v += c[cIdx] * beta;
        }
        if (bias != null) {
            v += bias[biasIdx];
        }
        return act.apply(v, slope);
    }
}
