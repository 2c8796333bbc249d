package dev.vecnet.train;

import java.util.Locale;

/**
 * When a finite training loss counts as exploded: the one rule of the local {@link Trainer}'s step guard and the
 * Spark trainer's round guard. The first loss {@code L0} a rule sees fixes the threshold
 * {@code factor * max(L0, ln(max(2, C)))}, where {@code C} is the network's output size; every later loss above it
 * has exploded. {@code ln(max(2, C))} is the cross-entropy of a uniform guess (two classes for a single logistic
 * output), so a fit that continues from a trained network, whose first loss is tiny, is not stopped by ordinary
 * noise. A factor of {@code +Infinity} switches the check off.
 *
 * <p>One rule per fit (it remembers the first loss); allocates nothing but the message of a failure. Not
 * thread-safe.
 */
public final class DivergenceRule {
    /** The default factor: a loss above 100 times the reference loss has exploded. */
    public static final double DEFAULT_EXPLOSION_FACTOR = 100;

    private final double factor;
    private final double uniformGuessLoss;
    private final int classes;
    private double threshold = Double.NaN;

    /**
     * A rule for a fit of a network with {@code classes} outputs.
     *
     * @param factor  the explosion factor, {@code > 1}, or {@code +Infinity} for no explosion check
     * @param classes the network's output size, {@code >= 1}
     * @throws IllegalArgumentException when {@code factor} is NaN or not above 1, or {@code classes < 1}
     */
    public DivergenceRule(double factor, int classes) {
        this.factor = requireFactor(factor);
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, was " + classes);
        }
        this.classes = classes;
        this.uniformGuessLoss = Math.log(Math.max(2, classes));
    }

    /**
     * Checks an explosion factor.
     *
     * @param factor the factor to check
     * @return {@code factor}
     * @throws IllegalArgumentException when {@code factor} is NaN or not above 1
     */
    public static double requireFactor(double factor) {
        if (!(factor > 1)) {
            throw new IllegalArgumentException("explosion factor must be > 1, was " + factor);
        }
        return factor;
    }

    /**
     * Whether {@code loss} has exploded. The first call fixes the threshold from its loss and returns false.
     *
     * @param loss a finite loss
     * @return true when a threshold is set and {@code loss} exceeds it
     */
    public boolean exploded(double loss) {
        if (Double.isNaN(threshold)) {
            double reference = Math.max(loss, uniformGuessLoss);
            threshold = reference > 0 ? factor * reference : Double.POSITIVE_INFINITY;
            return false;
        }
        return loss > threshold;
    }

    /**
     * The message of an explosion, for a {@link TrainingDivergedException}.
     *
     * @param what  what exploded, such as "loss" or "mean loss of local steps 11 to 20"
     * @param loss  the exploded loss
     * @param first what the first loss was, such as "the first loss" or "the first round's loss"
     * @return a sentence naming the loss, the factor and the reference
     */
    public String explanation(String what, double loss, String first) {
        return String.format(Locale.ROOT, "the %s %.3g exceeds %.0f times the reference loss %.3g (the larger of %s and ln %d)",
                what, loss, factor, threshold / factor, first, Math.max(2, classes));
    }
}
