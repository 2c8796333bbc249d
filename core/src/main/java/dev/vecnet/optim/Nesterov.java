package dev.vecnet.optim;

/**
 * Nesterov momentum in the classic "look-ahead" form on the stored parameters:
 * {@code v_prev = v; v = mu * v - lr * g; w += -mu * v_prev + (1 + mu) * v}. With a constant learning
 * rate this equals PyTorch's {@code SGD(momentum=mu, nesterov=True)}
 * ({@code b = mu * b + g; w -= lr * (g + mu * b)}) with {@code v = -lr * b}.
 *
 * <p>State {@code "velocity"} (not PyTorch's {@code momentum_buffer}, which is {@code -v / lr}),
 * allocated on the first step. Modifies the parameters and the velocity.
 * Not thread-safe.
 */
public final class Nesterov extends ScheduledMomentum {
    /**
     * Constant momentum {@code mu} in [0, 1).
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     * @param mu the momentum coefficient, in [0, 1)
     */
    public Nesterov(float learningRate, float mu) {
        this(learningRate, MomentumSchedule.constant(mu));
    }

    /**
     * Momentum from a schedule.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     * @param schedule gives mu before every step; not null
     */
    public Nesterov(float learningRate, MomentumSchedule schedule) {
        super(learningRate, schedule);
    }

    @Override
    protected void update(float[] w, float[] g, float[][] state, int from, int to, boolean decayed) {
        float lr = learningRate();
        float m = momentum();
        float[] v = state[0];
        for (int i = from; i < to; i++) {
            float prev = v[i];
            float vi = m * prev - lr * g[i];
            v[i] = vi;
            w[i] += -m * prev + (1f + m) * vi;
        }
    }

    @Override
    public String name() {
        return "nesterov";
    }
}
