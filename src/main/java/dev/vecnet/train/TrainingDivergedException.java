package dev.vecnet.train;

/**
 * Thrown when a training step produces a non-finite loss, gradient or parameter. The network then holds
 * the parameters from before that step (all finite); the optimizer's state is not rolled back.
 */
public final class TrainingDivergedException extends RuntimeException {
    /** 0-based epoch of the failing step. */
    private final int epoch;
    /** 0-based global iteration (step) number of the failing step. */
    private final long iteration;
    /** The failing step's loss, possibly NaN or infinite. */
    private final double loss;

    /**
     * An exception whose message names the epoch, the iteration, the quantity and the loss.
     *
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

    /**
     * 0-based epoch of the failing step.
     *
     * @return the epoch, {@code >= 0}
     */
    public int epoch() {
        return epoch;
    }

    /**
     * 0-based global iteration of the failing step.
     *
     * @return the iteration counted over all epochs of the fit, {@code >= 0}
     */
    public long iteration() {
        return iteration;
    }

    /**
     * The loss of the failing step.
     *
     * @return the step's loss (data loss plus L2); may be NaN or infinite, or finite when a gradient or
     *         parameter was the non-finite value
     */
    public double loss() {
        return loss;
    }
}
