package dev.vecnet.cli;

import dev.vecnet.optim.Optimizer;
import dev.vecnet.train.History;
import dev.vecnet.train.TrainingListener;

import java.util.Arrays;
import java.util.Locale;

/**
 * A training listener that advances the progress per batch and, after every epoch, prints one row of the
 * epoch table (epoch, train loss and accuracy, validation loss and accuracy, learning rate, seconds) and
 * records the learning rate and duration of the epoch, which {@link History} does not keep.
 *
 * <p>Used by one training run on one thread; not thread-safe.
 */
public final class EpochTable implements TrainingListener {
    /** The table's header row. */
    public static final String HEADER = String.format(Locale.ROOT, "%5s  %10s  %9s  %10s  %9s  %9s  %6s",
            "epoch", "train loss", "train acc", "val loss", "val acc", "lr", "time");

    private final ProgressReporter progress;
    private final Optimizer optimizer;
    private final double[] learningRates;
    private final double[] seconds;
    private long epochStart = System.nanoTime();

    /**
     * @param progress  advanced once per batch; rows are printed through it
     * @param optimizer read for the learning rate of each epoch's last step
     * @param maxEpochs the most epochs the run may take
     */
    EpochTable(ProgressReporter progress, Optimizer optimizer, int maxEpochs) {
        this.progress = progress;
        this.optimizer = optimizer;
        this.learningRates = new double[maxEpochs];
        this.seconds = new double[maxEpochs];
    }

    @Override
    public boolean onIteration(long iteration, int epoch, double loss) {
        progress.advance(1);
        return true;
    }

    @Override
    public boolean onEpoch(int epoch, History history) {
        long now = System.nanoTime();
        learningRates[epoch] = optimizer.learningRate();
        seconds[epoch] = (now - epochStart) / 1e9;
        epochStart = now;
        progress.println(row(epoch, history.trainLoss()[epoch], history.trainAccuracy()[epoch],
                history.validationLoss()[epoch], history.validationAccuracy()[epoch], learningRates[epoch], seconds[epoch]));
        return true;
    }

    /** One row of the table for the 0-based {@code epoch}; accuracies are fractions, NaN where not measured. */
    public static String row(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                      double validationAccuracy, double learningRate, double seconds) {
        return String.format(Locale.ROOT, "%5d  %10s  %8.2f%%  %10s  %8.2f%%  %9.2e  %5.2fs", epoch + 1, loss(trainLoss),
                100 * trainAccuracy, loss(validationLoss), 100 * validationAccuracy, learningRate, seconds);
    }

    /** A loss in the table's 10-character column: fixed point, or exponent form when it would not fit. */
    static String loss(double value) {
        return String.format(Locale.ROOT, Math.abs(value) < 1e5 || !Double.isFinite(value) ? "%10.4f" : "%10.3e", value);
    }

    /** The learning rate of each completed epoch's last step (a copy). */
    public double[] learningRates(int epochs) {
        return Arrays.copyOf(learningRates, epochs);
    }

    /** The wall time of each completed epoch in seconds, evaluation included (a copy). */
    public double[] seconds(int epochs) {
        return Arrays.copyOf(seconds, epochs);
    }
}
