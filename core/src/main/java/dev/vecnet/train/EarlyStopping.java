package dev.vecnet.train;

/**
 * Early stopping on the validation set: training stops when the monitored quantity has not improved for
 * {@code patience} epochs; with {@code restoreBest} the network gets back the parameters of the best
 * epoch (kept in one preallocated copy of the flat parameter array). Immutable and thread-safe.
 *
 * @param monitor     what to watch
 * @param patience    epochs without improvement before stopping, >= 1
 * @param restoreBest whether to restore the best epoch's parameters at the end
 */
public record EarlyStopping(Monitor monitor, int patience, boolean restoreBest) {

    /** The quantity early stopping watches. */
    public enum Monitor {
        /** Validation loss; lower is better. */
        VALIDATION_LOSS,
        /** Validation accuracy; higher is better. */
        VALIDATION_ACCURACY
    }

    /**
     * Validates the arguments.
     *
     * @param monitor     what to watch, not null
     * @param patience    epochs without improvement before stopping, >= 1
     * @param restoreBest whether to restore the best epoch's parameters at the end
     * @throws NullPointerException     when {@code monitor} is null
     * @throws IllegalArgumentException when {@code patience < 1}
     */
    public EarlyStopping {
        java.util.Objects.requireNonNull(monitor, "monitor");
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, was " + patience);
        }
    }

    /** Whether {@code candidate} is strictly better than {@code best}. */
    boolean improves(double candidate, double best) {
        return monitor == Monitor.VALIDATION_LOSS ? candidate < best : candidate > best;
    }

    double worst() {
        return monitor == Monitor.VALIDATION_LOSS ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
}
