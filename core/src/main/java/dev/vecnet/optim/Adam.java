package dev.vecnet.optim;

/**
 * Adam with bias correction, as PyTorch computes it:
 * <pre>
 * m = b1 * m + (1 - b1) * g
 * v = b2 * v + (1 - b2) * g^2
 * w -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * (eps is added after the square root). With {@code weightDecay > 0} this is AdamW: before the update,
 * weights ({@link dev.vecnet.nn.ParameterTensor#decayed()} tensors) are shrunk by
 * {@code w -= lr * weightDecay * w}, decoupled from the gradient; L2 regularisation instead adds to the
 * gradient (the network's {@code l2}). Use {@link AdamW} for the named variant.
 *
 * <p>Defaults b1 0.9, b2 0.999, eps 1e-8. State {@code "exp_avg"} (m) and {@code "exp_avg_sq"} (v),
 * PyTorch's names, allocated on the first step. Modifies the parameters and both moments. Not thread-safe.
 */
public class Adam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private float stepSize;
    private float correction2Sqrt;

    /**
     * b1 0.9, b2 0.999, eps 1e-8, no weight decay.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     */
    public Adam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-8f, 0f);
    }

    /**
     * Adam with every setting given; {@code weightDecay > 0} makes it AdamW.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     * @param beta1        first-moment decay in [0, 1)
     * @param beta2        second-moment decay in [0, 1)
     * @param eps          added after the square root, finite and {@code >= 0}
     * @param weightDecay  decoupled weight decay, finite and {@code >= 0} (0 for plain Adam)
     */
    public Adam(float learningRate, float beta1, float beta2, float eps, float weightDecay) {
        super(learningRate, "exp_avg", "exp_avg_sq");
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("betas must be in [0, 1), were " + beta1 + ", " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = requireFinite("eps", eps, 0f);
        this.weightDecay = requireFinite("weight decay", weightDecay, 0f);
    }

    @Override
    protected final boolean elementwise() {
        return true;
    }

    @Override
    protected void beforeStep(long step) {
        double c1 = 1.0 - Math.pow(beta1, step);
        double c2 = 1.0 - Math.pow(beta2, step);
        stepSize = (float) (learningRate() / c1);
        correction2Sqrt = (float) Math.sqrt(c2);
    }

    @Override
    protected final void update(float[] w, float[] g, float[][] state, int from, int to, boolean decayed) {
        float[] m = state[0];
        float[] v = state[1];
        float b1 = beta1, b2 = beta2, a1 = 1f - beta1, a2 = 1f - beta2;
        float step = stepSize, c2 = correction2Sqrt, e = eps;
        float shrink = decayed ? 1f - learningRate() * weightDecay : 1f;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + a1 * gi;
            float vi = b2 * v[i] + a2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float wi = w[i] * shrink;
            w[i] = wi - step * mi / ((float) Math.sqrt(vi) / c2 + e);
        }
    }

    @Override
    public String name() {
        return "adam";
    }
}
