package dev.vecnet.train;

/**
 * Thrown when a training step produces a non-finite loss, gradient or parameter, or a finite loss that has
 * exploded (see {@link Trainer.Builder#explosionFactor}). The network then holds the last good parameters
 * (all finite): those of before the failing step, or for an exploded loss those of before the step that
 * produced the weights it was measured at. The optimizer's state is not rolled back. The message counts
 * epochs and steps from 1, as the command line's epoch table does; the accessors are 0-based.
 */
public final class TrainingDivergedException extends RuntimeException {
    /** 0-based epoch of the failing step. */
    private final int epoch;
    /** 0-based global iteration (step) number of the failing step. */
    private final long iteration;
    /** The failing step's loss, possibly NaN or infinite. */
    private final double loss;
    /** What went wrong, in words. */
    private final String reason;

    /**
     * An exception whose message names the epoch and the step (both 1-based), the reason and the loss.
     *
     * @param epoch     0-based epoch of the failing step
     * @param iteration 0-based global iteration (step) number
     * @param loss      the step's loss (may be NaN or infinite)
     * @param what      what went wrong, e.g. which quantity was not finite
     */
    public TrainingDivergedException(int epoch, long iteration, double loss, String what) {
        super("training diverged at epoch " + (epoch + 1) + ", step " + (iteration + 1) + ": " + what + " (loss " + loss
                + "); the network keeps the last good weights");
        this.epoch = epoch;
        this.reason = what;
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

    /**
     * What went wrong, without the epoch and step.
     *
     * @return the reason given to the constructor, e.g. "the loss is not finite"
     */
    public String reason() {
        return reason;
    }
}
