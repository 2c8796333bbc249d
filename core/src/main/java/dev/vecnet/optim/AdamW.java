package dev.vecnet.optim;

/**
 * AdamW: {@link Adam} with decoupled weight decay, {@code w -= lr * weightDecay * w} on weights
 * (decayed tensors) before the Adam update, as PyTorch's {@code AdamW}. Distinct from L2, which is added
 * to the gradient and so is rescaled by Adam's second moment. Defaults b1 0.9, b2 0.999, eps 1e-8,
 * weight decay 0.01. Allocation and thread-safety as {@link Adam}.
 */
public final class AdamW extends Adam {

    /**
     * Weight decay 0.01.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     */
    public AdamW(float learningRate) {
        this(learningRate, 0.01f);
    }

    /**
     * AdamW with the given weight decay and Adam's default b1, b2 and eps.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     * @param weightDecay  decoupled weight decay, finite and {@code >= 0}
     */
    public AdamW(float learningRate, float weightDecay) {
        this(learningRate, 0.9f, 0.999f, weightDecay);
    }

    /**
     * AdamW with the given moment decays and weight decay, and eps 1e-8.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     * @param beta1        first-moment decay, in {@code [0, 1)}
     * @param beta2        second-moment decay, in {@code [0, 1)}
     * @param weightDecay  decoupled weight decay, finite and {@code >= 0}
     */
    public AdamW(float learningRate, float beta1, float beta2, float weightDecay) {
        super(learningRate, beta1, beta2, 1e-8f, weightDecay);
    }

    @Override
    public String name() {
        return "adamw";
    }
}
