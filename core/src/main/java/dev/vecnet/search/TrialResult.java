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

    /**
     * Runs {@code trial} once on the calling thread and records it: the metric it returns, or a failure when it
     * returns NaN or an infinity ({@code "non-finite metric ..."}) or throws an exception, a stack overflow or an
     * out-of-memory error (the error's simple class name and message). The one place every search, local or
     * distributed, turns a trial into its result.
     *
     * @param index         the trial's number in the search
     * @param configuration the hyperparameters passed to the trial
     * @param seed          the seed passed to the trial
     * @param trial         the trial, not null
     * @return the result, with the trial's wall time in milliseconds
     */
    public static TrialResult run(int index, Configuration configuration, long seed, Trial trial) {
        long start = System.nanoTime();
        double metric;
        String failure = null;
        try {
            metric = trial.run(configuration, seed);
            if (!Double.isFinite(metric)) {
                failure = "non-finite metric " + metric;
                metric = Double.NaN;
            }
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            metric = Double.NaN;
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return new TrialResult(index, configuration, seed, metric, failure, (System.nanoTime() - start) / 1_000_000);
    }
}
