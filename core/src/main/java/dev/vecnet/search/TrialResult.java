package dev.vecnet.search;

/**
 * The outcome of one trial.
 *
 * @param index         the trial's number in the search, from 0, in the order configurations were drawn
 * @param configuration the hyperparameters
 * @param seed          the seed passed to the trial
 * @param metric        the validation metric; NaN when failed
 * @param failure       null on success, else why it failed (the exception, or "non-finite metric")
 * @param millis        wall time of the trial
 */
public record TrialResult(int index, Configuration configuration, long seed, double metric, String failure,
        long millis) {

    /**
     * Whether the trial returned a finite metric.
     *
     * @return true if the trial returned a finite metric, false if it threw or returned NaN or an infinity
     */
    public boolean succeeded() {
        return failure == null;
    }
}
