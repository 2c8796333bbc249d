package dev.vecnet.train;

/**
 * Callbacks from the {@link Trainer}, on the training thread. Return false to stop training after the
 * current iteration or epoch. Implementations should not allocate in {@link #onIteration} if the step
 * loop is to stay allocation-free.
 */
public interface TrainingListener {

    /**
     * After each optimizer step: 0-based global iteration, 0-based epoch, the batch loss. The default does
     * nothing and returns true.
     *
     * @param iteration 0-based iteration counted over all epochs of the fit
     * @param epoch     0-based epoch
     * @param loss      the step's training-mode batch loss (data loss plus L2), finite
     * @return true to go on, false to stop the fit at the end of this iteration (the epoch's evaluation still
     *         runs)
     */
    default boolean onIteration(long iteration, int epoch, double loss) {
        return true;
    }

    /**
     * After each epoch's evaluation; {@code history} holds that epoch's numbers. The default does nothing
     * and returns true.
     *
     * @param epoch   0-based epoch just completed
     * @param history the fit's history, the object {@link Trainer#fit} will return; it grows as the fit goes on
     * @return true to go on, false to stop the fit after this epoch
     */
    default boolean onEpoch(int epoch, History history) {
        return true;
    }
}
