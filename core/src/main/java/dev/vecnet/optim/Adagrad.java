package dev.vecnet.optim;

/**
 * Adagrad: {@code cache += g^2; w -= lr * g / (sqrt(cache) + eps)} (PyTorch's form, eps 1e-10 by
 * default, initial accumulator 0).
 *
 * <p>State {@code "sum"}, allocated on the first step. Modifies the parameters and the sum. Not
 * thread-safe.
 */
public final class Adagrad extends Optimizer {
    private final float eps;

    /**
     * With eps = 1e-10.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     */
    public Adagrad(float learningRate) {
        this(learningRate, 1e-10f);
    }

    /**
     * Adagrad with the given eps.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     * @param eps          added after the square root, {@code >= 0} and finite (PyTorch's default is 1e-10)
     */
    public Adagrad(float learningRate, float eps) {
        super(learningRate, "sum");
        this.eps = requireFinite("eps", eps, 0f);
    }

    @Override
    protected boolean elementwise() {
        return true;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] state, int from, int to, boolean decayed) {
        float lr = learningRate();
        float[] s = state[0];
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float si = s[i] + gi * gi;
            s[i] = si;
            w[i] -= lr * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    @Override
    public String name() {
        return "adagrad";
    }
}
