package dev.vecnet.train;

import java.util.Objects;

/**
 * One thing a {@link TrainingCurves} reading or a {@link Diagnostics} listener found wrong with a training run:
 * what was measured, the threshold it crossed, and what to change. Immutable.
 *
 * <p>{@link #sentence()} is the finding as one sentence: the observation with the numbers that triggered it, then
 * the advice, naming the command-line option to change ({@code --lr}, {@code --l2}, {@code --arch},
 * {@code --epochs}, ...; a library user changes the matching setting). Epochs in the text are 1-based, as the
 * command line's epoch table prints them; {@link #epoch()} is 0-based.
 *
 * @param kind        what was found
 * @param layer       the layer or weight tensor concerned, as {@code "1 dense(64 -> 256, relu)"} or
 *                    {@code "0.weight"}; null for a finding about the whole run (the curves)
 * @param epoch       the 0-based epoch whose measurement triggered it
 * @param value       the measured value compared with {@code threshold} (a fraction, a ratio or a count; the
 *                    kind's javadoc says which)
 * @param threshold   the threshold it crossed (the constant documented with the rule)
 * @param observation what was seen, with the numbers, without a final full stop
 * @param advice      what to change, naming the option, without a final full stop
 */
public record Finding(Kind kind, String layer, int epoch, double value, double threshold, String observation,
                      String advice) {

    /** The kinds of finding, each with its rule (thresholds are the constants named). */
    public enum Kind {
        /**
         * The training loss rose or oscillated after the first epoch: the learning rate is too high
         * ({@link TrainingCurves#RISE}, {@link TrainingCurves#OSCILLATION_STEP}, {@link TrainingCurves#OSCILLATION_SHARE}).
         */
        LEARNING_RATE_TOO_HIGH,
        /** The training loss hardly moved: the learning rate is too low ({@link TrainingCurves#FLAT_DECREASE}). */
        FLAT_LOSS,
        /**
         * Training accuracy far above validation accuracy, and the gap growing: overfitting
         * ({@link TrainingCurves#OVERFITTING_GAP}).
         */
        OVERFITTING,
        /**
         * The validation loss turned up while the training loss fell (reported when the accuracy gap does not
         * already say overfitting) ({@link TrainingCurves#VALIDATION_RISE}).
         */
        VALIDATION_LOSS_RISING,
        /**
         * Training and validation accuracy both low and close: underfitting ({@link TrainingCurves#LOW_ACCURACY},
         * {@link TrainingCurves#CLOSE_GAP}).
         */
        UNDERFITTING,
        /** A ReLU-kind layer whose units never fire on the sample ({@link Diagnostics#DEAD_FRACTION}). */
        DEAD_UNITS,
        /** A sigmoid or tanh layer whose outputs sit at the asymptotes ({@link Diagnostics#SATURATED_FRACTION}). */
        SATURATED_UNITS,
        /** A weight tensor whose updates are too large for its weights ({@link Diagnostics#UPDATE_RATIO_HIGH}). */
        UPDATE_RATIO_HIGH,
        /** A weight tensor whose updates are too small for its weights ({@link Diagnostics#UPDATE_RATIO_LOW}). */
        UPDATE_RATIO_LOW;

        /**
         * The kind's name as the command line and the CSV files write it, e.g. {@code dead-units}.
         *
         * @return the name in lower case with dashes
         */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Checks the components.
     *
     * @param kind        what was found, not null
     * @param layer       the layer or weight tensor concerned, or null for the whole run
     * @param epoch       the 0-based epoch whose measurement triggered it
     * @param value       the measured value
     * @param threshold   the threshold it crossed
     * @param observation what was seen, with the numbers, not null
     * @param advice      what to change, not null
     * @throws NullPointerException when {@code kind}, {@code observation} or {@code advice} is null
     */
    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(advice, "advice");
    }

    /**
     * The finding as one sentence: the observation, a semicolon, the advice, a full stop.
     *
     * @return for example {@code "the training loss rose ...; lower the learning rate (--lr)."}
     */
    public String sentence() {
        String text = observation + "; " + advice + ".";
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    @Override
    public String toString() {
        return kind.label() + ": " + sentence();
    }
}
