package dev.vecnet.cli;

import dev.vecnet.data.Dataset;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.train.EarlyStopping;
import dev.vecnet.train.FitSettings;
import picocli.CommandLine.Option;

import java.io.Serializable;

/** Epochs, batch size and early stopping of a training run. Filled in by picocli; not thread-safe. */
public final class FitOptions implements Serializable {
    // Serializable so that the Spark launcher can ship the parsed options to its executors.
    private static final long serialVersionUID = 1L;


    @Option(names = "--epochs", paramLabel = "N", defaultValue = "30",
            description = "Most epochs to train. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "Examples per optimizer step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "0",
            description = "Early stopping: stop when the validation loss has not improved for N epochs and keep "
                    + "the best epoch's weights (0: off). Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--diagnose", description = "Watch the run (docs/diagnostics.md): after each epoch measure every "
            + "layer on a 1024-row sample of the training part and read the loss and accuracy curves; print a line "
            + "when something turns bad and a diagnosis at the end; write diagnostics.csv and its charts. Off by "
            + "default: on a data set as small as the shipped digits it triples the training time.")
    boolean diagnose;

    /**
     * The number of epochs.
     *
     * @throws UsageException when not >= 1
     */
    public int epochs() {
        if (epochs < 1) {
            throw new UsageException("--epochs must be >= 1, was " + epochs);
        }
        return epochs;
    }

    /**
     * The batch size.
     *
     * @throws UsageException when not in [1, 65536]
     */
    public int batchSize() {
        if (batchSize < 1 || batchSize > 65_536) {
            throw new UsageException("--batch-size must be from 1 to 65536, was " + batchSize);
        }
        return batchSize;
    }

    /**
     * The early-stopping patience, 0 when off.
     *
     * @throws UsageException when negative
     */
    public int patience() {
        if (patience < 0) {
            throw new UsageException("--patience must be >= 0 (0 switches early stopping off), was " + patience);
        }
        return patience;
    }

    /**
     * The fit's settings for any trainer (local or Spark): these options with the run's validation part, schedule
     * and seed; {@code --patience} keeps the best epoch's weights by the validation loss.
     *
     * @param validation the validation part, or null when the run has none
     * @param schedule   the learning-rate schedule, or null
     * @param seed       the run's seed (shuffles)
     * @return the settings
     * @throws UsageException for an option out of range, or {@code --patience} without a validation part
     */
    public FitSettings settings(Dataset validation, LearningRateSchedule schedule, long seed) {
        FitSettings.Plain settings = FitSettings.builder().epochs(epochs()).batchSize(batchSize()).schedule(schedule)
                .validation(validation).seed(seed);
        if (patience() > 0) {
            if (validation == null) {
                throw new UsageException("--patience needs a validation part; set --validation-fraction above 0");
            }
            settings.earlyStopping(new EarlyStopping(EarlyStopping.Monitor.VALIDATION_LOSS, patience, true));
        }
        return settings.build();
    }

    /**
     * Whether to watch the run ({@code --diagnose}).
     *
     * @return true when {@code --diagnose} was given
     */
    public boolean diagnose() {
        return diagnose;
    }
}
