package dev.vecnet.optim;

/**
 * RMSProp: {@code cache = rho * cache + (1 - rho) * g^2; w -= lr * g / (sqrt(cache) + eps)}
 * (PyTorch's {@code RMSprop} with {@code alpha = rho}; defaults rho 0.99, eps 1e-8).
 *
 * <p>State {@code "square_avg"}, allocated on the first step. Modifies the parameters and the average.
 * Not thread-safe.
 */
public final class RmsProp extends Optimizer {
    private final float rho;
    private final float eps;

    /**
     * rho 0.99, eps 1e-8.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     */
    public RmsProp(float learningRate) {
        this(learningRate, 0.99f, 1e-8f);
    }

    /**
     * RMSProp with the given rho and eps.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     * @param rho          decay of the squared-gradient average, in [0, 1)
     * @param eps          added after the square root, finite and {@code >= 0}
     */
    public RmsProp(float learningRate, float rho, float eps) {
        super(learningRate, "square_avg");
        if (!(rho >= 0f && rho < 1f)) {
            throw new IllegalArgumentException("rho must be in [0, 1), was " + rho);
        }
        this.rho = rho;
        this.eps = requireFinite("eps", eps, 0f);
    }

    @Override
    protected boolean elementwise() {
        return true;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] state, int from, int to, boolean decayed) {
        float lr = learningRate();
        float r = rho;
        float r1 = 1f - rho;
        float[] s = state[0];
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float si = r * s[i] + r1 * gi * gi;
            s[i] = si;
            w[i] -= lr * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    @Override
    public String name() {
        return "rmsprop";
    }
}
