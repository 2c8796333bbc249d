package dev.vecnet.optim;

/**
 * SGD with momentum in the classic form: {@code v = mu * v - lr * g; w += v}. With a constant learning
 * rate this equals PyTorch's {@code SGD(momentum=mu)} ({@code b = mu * b + g; w -= lr * b}) with
 * {@code v = -lr * b}; they differ when lr changes between steps.
 *
 * <p>State {@code "velocity"} (one float per parameter; not PyTorch's {@code momentum_buffer}, which is
 * {@code -v / lr}), allocated on the first step. Modifies the
 * parameters and the velocity. Not thread-safe.
 */
public final class Momentum extends ScheduledMomentum {
    /**
     * Constant momentum {@code mu} in [0, 1).
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     * @param mu the momentum coefficient, in [0, 1)
     */
    public Momentum(float learningRate, float mu) {
        this(learningRate, MomentumSchedule.constant(mu));
    }

    /**
     * Momentum from a schedule (e.g. {@link MomentumSchedule#annealed} 0.5 to 0.99).
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     * @param schedule gives mu before every step; not null
     */
    public Momentum(float learningRate, MomentumSchedule schedule) {
        super(learningRate, schedule);
    }

    @Override
    protected void update(float[] w, float[] g, float[][] state, int from, int to, boolean decayed) {
        float lr = learningRate();
        float m = momentum();
        float[] v = state[0];
        for (int i = from; i < to; i++) {
            float vi = m * v[i] - lr * g[i];
            v[i] = vi;
            w[i] += vi;
        }
    }

    @Override
    public String name() {
        return "momentum";
    }
}
