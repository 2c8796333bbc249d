package dev.vecnet.train;

import java.util.List;

/**
 * The outcome of a learning-rate probe: per candidate rate the loss before and after a short run and a
 * verdict, plus the suggested rate (the one with the lowest final loss among those whose loss went down;
 * NaN when none did). Immutable.
 *
 * @param trials        one trial per candidate rate, in the order the rates were given (unmodifiable)
 * @param suggestedRate the rate with the lowest final loss among the {@link Verdict#DOWN} trials; NaN when
 *                      there is none
 */
public record LearningRateProbe(List<Trial> trials, float suggestedRate) {

    /** What a short run did to the loss. */
    public enum Verdict {
        /** The loss fell by more than the stall threshold. */
        DOWN,
        /** The loss changed by less than the threshold, or rose without diverging. */
        STALL,
        /** The loss became non-finite or rose above three times its start. */
        EXPLODE
    }

    /**
     * One candidate: the rate, the initial and final training loss, the verdict.
     *
     * @param rate        the learning rate tried
     * @param initialLoss the data loss (no L2, evaluation mode) on the probe batch before the run
     * @param finalLoss   the same after the run; NaN when the run diverged
     * @param verdict     what the run did to the loss
     */
    public record Trial(float rate, double initialLoss, double finalLoss, Verdict verdict) {
    }

    /**
     * The trial of this rate.
     *
     * @param rate a rate that was probed, compared with {@code ==}
     * @return the first trial at {@code rate}
     * @throws IllegalArgumentException when no trial has this rate
     */
    public Trial trial(float rate) {
        for (Trial t : trials) {
            if (t.rate() == rate) {
                return t;
            }
        }
        throw new IllegalArgumentException("no trial at rate " + rate);
    }
}
