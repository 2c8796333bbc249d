package dev.vecnet.optim;

/**
 * Plain stochastic gradient descent: {@code w -= lr * g}. No state, allocates nothing. Not thread-safe.
 */
public final class Sgd extends Optimizer {

    /**
     * Plain SGD.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     */
    public Sgd(float learningRate) {
        super(learningRate);
    }

    @Override
    protected boolean elementwise() {
        return true;
    }

    @Override
    protected void update(float[] w, float[] g, float[][] state, int from, int to, boolean decayed) {
        float lr = learningRate();
        for (int i = from; i < to; i++) {
            w[i] -= lr * g[i];
        }
    }

    @Override
    public String name() {
        return "sgd";
    }
}
