package dev.vecnet.train;

/**
 * Thrown when a training step produces a non-finite loss, gradient or parameter. The network then holds
 * the parameters from before that step (all finite); the optimizer's state is not rolled back.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final long iteration;
    private final double loss;

    /**
     * @param epoch     0-based epoch of the failing step
     * @param iteration 0-based global iteration (step) number
     * @param loss      the step's loss (may be NaN or infinite)
     * @param what      which quantity was not finite
     */
    public TrainingDivergedException(int epoch, long iteration, double loss, String what) {
        super("training diverged at epoch " + epoch + ", iteration " + iteration + ": " + what + " (loss " + loss
                + "); the weights are those before this step");
        this.epoch = epoch;
        this.iteration = iteration;
        this.loss = loss;
    }

    /** 0-based epoch of the failing step. */
    public int epoch() {
        return epoch;
    }

    /** 0-based global iteration of the failing step. */
    public long iteration() {
        return iteration;
    }

    /** The loss of the failing step. */
    public double loss() {
        return loss;
    }
}
