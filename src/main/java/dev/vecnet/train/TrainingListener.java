package dev.vecnet.train;

/**
 * Callbacks from the {@link Trainer}, on the training thread. Return false to stop training after the
 * current iteration or epoch. Implementations should not allocate in {@link #onIteration} if the step
 * loop is to stay allocation-free.
 */
public interface TrainingListener {

    /** After each optimizer step: 0-based global iteration, 0-based epoch, the batch loss. */
    default boolean onIteration(long iteration, int epoch, double loss) {
        return true;
    }

    /** After each epoch's evaluation; {@code history} holds that epoch's numbers. */
    default boolean onEpoch(int epoch, History history) {
        return true;
    }
}
