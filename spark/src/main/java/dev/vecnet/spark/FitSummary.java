package dev.vecnet.spark;

import dev.vecnet.train.Finding;
import dev.vecnet.train.History;
import dev.vecnet.train.TrainingCurves;

import java.util.List;

/**
 * What a {@link SparkTrainer} fit did.
 *
 * @param roundsDone   rounds completed, those restored from a checkpoint included
 * @param totalRounds  rounds the full fit has ({@code roundsDone < totalRounds} when a listener stopped it)
 * @param roundLosses  the mean training loss of each round this call ran, in order
 * @param bestEpoch    with early stopping that restores the best parameters: the 0-based epoch whose parameters
 *                     the network was given back; else -1
 * @param history      the curves of this call: its rounds as iterations and, per epoch it evaluated on the
 *                     driver, the validation loss and accuracy (training loss and accuracy NaN); what
 *                     {@link #diagnosis()} reads
 */
public record FitSummary(long roundsDone, long totalRounds, List<Double> roundLosses, int bestEpoch, History history) {
    /**
     * Copies the list.
     *
     * @param roundsDone  rounds completed
     * @param totalRounds rounds of the full fit
     * @param roundLosses the losses of the rounds run; copied
     * @param bestEpoch   the epoch whose parameters early stopping restored, or -1
     * @param history     the curves of the rounds run, not null
     * @throws NullPointerException when {@code history} is null
     */
    public FitSummary {
        roundLosses = List.copyOf(roundLosses);
        java.util.Objects.requireNonNull(history, "history");
    }

    /**
     * A summary without curves: its history has the round losses as iterations and no epoch.
     *
     * @param roundsDone  rounds completed
     * @param totalRounds rounds of the full fit
     * @param roundLosses the losses of the rounds run; copied
     * @param bestEpoch   the epoch whose parameters early stopping restored, or -1
     */
    public FitSummary(long roundsDone, long totalRounds, List<Double> roundLosses, int bestEpoch) {
        this(roundsDone, totalRounds, roundLosses, bestEpoch, History.of(floats(roundLosses), new double[0],
                new double[0], new double[0], new double[0], -1));
    }

    /** The values as floats, in order. */
    static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    /**
     * The curve reading of the fit on the driver: {@link TrainingCurves#read} of {@link #history()} (the loss
     * curve from the round losses, the validation rules from the epochs evaluated; the layer findings need the
     * local trainer's {@link dev.vecnet.train.Diagnostics}).
     *
     * @return the findings, empty for a healthy run or one of fewer than {@link TrainingCurves#MIN_EPOCHS}
     *         epochs evaluated; a new list
     */
    public List<Finding> diagnosis() {
        return TrainingCurves.read(history);
    }
}
