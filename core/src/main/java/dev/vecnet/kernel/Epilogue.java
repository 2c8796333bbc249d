package dev.vecnet.kernel;

/**
 * The elementwise activation a fused GEMM applies to each output element while the tile is still in
 * registers: {@code C = act(alpha * op(A) * op(B) + beta * C + bias)}.
 *
 * <p>{@link #LEAKY_RELU} uses the slope passed alongside it. Both rectifiers test {@code v < 0}, so
 * NaN stays NaN and {@code -0.0} stays {@code -0.0}; the vector paths use the same comparison, which
 * is why every path agrees bit for bit on the activation step.
 */
public enum Epilogue {
    /** {@code act(v) = v}. */
    IDENTITY,
    /** {@code act(v) = v < 0 ? 0 : v}. */
    RELU,
    /** {@code act(v) = v < 0 ? slope * v : v}. */
    LEAKY_RELU;

    /**
     * Applies this activation to one value; the scalar definition every fast path must match.
     *
     * @param v the value before activation (the sum with alpha, beta and bias applied)
     * @param slope the negative slope, used by {@link #LEAKY_RELU} only
     * @return {@code act(v)} as defined by this constant
     */
    public float apply(float v, float slope) {
        switch (this) {
            case RELU:
                return v < 0f ? 0f : v;
            case LEAKY_RELU:
                return v < 0f ? v * slope : v;
            default:
                return v;
        }
    }
}
