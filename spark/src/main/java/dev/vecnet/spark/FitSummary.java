package dev.vecnet.spark;

import java.util.List;

/**
 * What a {@link SparkTrainer} fit did.
 *
 * @param roundsDone   rounds completed, those restored from a checkpoint included
 * @param totalRounds  rounds the full fit has ({@code roundsDone < totalRounds} when a listener stopped it)
 * @param roundLosses  the mean training loss of each round this call ran, in order
 */
public record FitSummary(long roundsDone, long totalRounds, List<Double> roundLosses) {
    /**
     * Copies the list.
     *
     * @param roundsDone  rounds completed
     * @param totalRounds rounds of the full fit
     * @param roundLosses the losses of the rounds run; copied
     */
    public FitSummary {
        roundLosses = List.copyOf(roundLosses);
    }
}
