package dev.vecnet.spark;

/**
 * Told on the driver after every round of a {@link SparkTrainer} fit (a step in {@link SyncMode#EXACT}, {@code k}
 * local steps per partition in {@link SyncMode#LOCAL_SGD}), after the model has been updated and any checkpoint
 * written. In exact mode with barrier jobs, which run many steps per Spark job, the rounds of a job are told one
 * after the other once it ends, while the network holds the weights of its last round (see {@link #onRound}).
 */
@FunctionalInterface
public interface RoundListener {
    /**
     * Told once before the first round (after the data are cached), with the fit's shape; does nothing unless
     * overridden.
     *
     * @param totalRounds   rounds of the full fit
     * @param stepsPerEpoch local steps of one epoch (of the partition with the most)
     * @param stepsPerRound local steps per round: 1 in exact mode, {@code syncEvery} in local SGD
     */
    default void onStart(long totalRounds, long stepsPerEpoch, long stepsPerRound) {
    }

    /**
     * Told after each round, on the driver thread running the fit. In exact mode with barrier jobs the network then
     * holds the weights of the job's last round (an epoch's end, a checkpoint, the fit's end), not necessarily this
     * round's; a false return still leaves the network with this round's weights (the driver runs the job again up
     * to this round).
     *
     * @param roundsDone rounds completed so far, checkpointed ones included, {@code >= 1}
     * @param meanLoss   the mean training loss of the round's batches, weighted by their examples
     * @return false to stop the fit after this round
     */
    boolean onRound(long roundsDone, double meanLoss);

    /**
     * Told after {@link #onRound} when a round has completed an epoch (the last round completes the last epoch),
     * once per round with the last epoch it completed (a round longer than an epoch may complete two, and the
     * earlier one is not told), after the validation set, if any, has been evaluated and before early stopping decides; does nothing and
     * returns true unless overridden.
     *
     * @param epoch              the 0-based epoch completed
     * @param validationLoss     the validation loss (data loss plus L2), NaN without a validation set
     * @param validationAccuracy the validation accuracy in [0, 1], NaN without a validation set
     * @return false to stop the fit after this round
     */
    default boolean onEpoch(int epoch, double validationLoss, double validationAccuracy) {
        return true;
    }
}
