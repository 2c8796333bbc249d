package dev.vecnet.spark;

import java.util.List;

/**
 * What a {@link SparkTrainer} fit did.
 *
 * @param roundsDone   rounds completed, those restored from a checkpoint included
 * @param totalRounds  rounds the full fit has ({@code roundsDone < totalRounds} when a listener stopped it)
 * @param roundLosses  the mean training loss of each round this call ran, in order
 * @param bestEpoch    with early stopping that restores the best parameters: the 0-based epoch whose parameters
 *                     the network was given back; else -1
 */
public record FitSummary(long roundsDone, long totalRounds, List<Double> roundLosses, int bestEpoch) {
    /**
     * Copies the list.
     *
     * @param roundsDone  rounds completed
     * @param totalRounds rounds of the full fit
     * @param roundLosses the losses of the rounds run; copied
     * @param bestEpoch   the epoch whose parameters early stopping restored, or -1
     */
    public FitSummary {
        roundLosses = List.copyOf(roundLosses);
    }
}
