package dev.vecnet.cli;

import dev.vecnet.train.History;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes a training history as two CSV files with a header row: one row per epoch
 * ({@link #EPOCH_COLUMNS}) and one per iteration ({@link #ITERATION_COLUMNS}). Accuracies are fractions in
 * [0, 1]; missing values (no validation set) are written {@code NaN}. Stateless.
 */
public final class HistoryCsv {
    /** Header of the per-epoch file. */
    public static final String EPOCH_COLUMNS = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds";
    /** Header of the per-iteration file. */
    public static final String ITERATION_COLUMNS = "iteration,epoch,loss,smoothed_loss";

    private HistoryCsv() {
    }

    /**
     * Writes the per-epoch file (created or replaced), epochs numbered from 1.
     *
     * @param learningRates per epoch, as {@link EpochTable#learningRates} records them
     * @param seconds       per epoch, as {@link EpochTable#seconds} records them
     */
    public static void writeEpochs(Path file, History history, double[] learningRates, double[] seconds) {
        int[] epochs = new int[history.epochs()];
        Arrays.setAll(epochs, e -> e + 1);
        writeEpochs(file, epochs, history.trainLoss(), history.trainAccuracy(), history.validationLoss(),
                history.validationAccuracy(), learningRates, seconds);
    }

    /**
     * Writes the per-epoch file from another trainer's rows: row {@code i} is epoch {@code epochs[i]} (from 1; a
     * trainer that evaluates after rounds of several epochs skips some), the other columns' entry {@code i}.
     */
    public static void writeEpochs(Path file, int[] epochs, double[] trainLoss, double[] trainAccuracy, double[] validationLoss,
                            double[] validationAccuracy, double[] learningRates, double[] seconds) {
        StringBuilder csv = new StringBuilder(EPOCH_COLUMNS).append('\n');
        for (int e = 0; e < epochs.length; e++) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6g,%.3f%n", epochs[e], trainLoss[e],
                    trainAccuracy[e], validationLoss[e], validationAccuracy[e], learningRates[e], seconds[e]));
        }
        OutputFiles.writeString(file, csv);
    }

    /**
     * Writes the per-iteration file (created or replaced): iterations from 1, their epoch from 1, the batch
     * loss and its {@link LossSmoothing#movingAverage smoothed} value.
     *
     * @param iterationsPerEpoch batches per epoch, to number the epochs
     */
    public static void writeIterations(Path file, History history, int iterationsPerEpoch) {
        writeIterations(file, history.iterationLosses(), iterationsPerEpoch);
    }

    /** Writes the per-iteration file from the losses of {@code iterationsPerEpoch} iterations per epoch. */
    public static void writeIterations(Path file, float[] losses, int iterationsPerEpoch) {
        double[] smoothed = LossSmoothing.movingAverage(losses);
        StringBuilder csv = new StringBuilder(ITERATION_COLUMNS).append('\n');
        for (int i = 0; i < losses.length; i++) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.6f%n", i + 1, i / iterationsPerEpoch + 1, losses[i],
                    smoothed[i]));
        }
        OutputFiles.writeString(file, csv);
    }
}
