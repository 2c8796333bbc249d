package dev.vecnet.cli;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Split;
import picocli.CommandLine.Option;

/**
 * The options that choose a data set and how it is split into training, validation and test parts. Shared
 * by the commands that train or evaluate, so that {@code evaluate} can rebuild the test split
 * {@code train} held out (same data, fractions and seed). Filled in by picocli; not thread-safe.
 */
final class DataOptions {

    @Option(names = "--data", paramLabel = "NAME|CSV", defaultValue = "digits",
            description = "Data set: one of " + DataSource.NAMES + ", or a CSV file with a header row and the "
                    + "class label (0, 1, ...) in the last column. Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of each class held out for validation (early stopping, search). "
                    + "Default: ${DEFAULT-VALUE}.")
    double validationFraction;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of each class held out for the final test. Default: ${DEFAULT-VALUE}.")
    double testFraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the split, the weight initialisation and the shuffling. Default: ${DEFAULT-VALUE}.")
    long seed;

    /** The data set's name or path as given. */
    public String data() {
        return data;
    }

    /** The seed of the split, initialisation and shuffling. */
    public long seed() {
        return seed;
    }

    /** Loads the data set (see {@link DataSource#load}). */
    public Dataset load() {
        return DataSource.load(data);
    }

    /**
     * Splits {@code all} by class into training, validation and test parts with the fractions and seed.
     *
     * @throws UsageException when the fractions are outside [0, 1) or leave nothing to train on
     */
    public Split split(Dataset all) {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new UsageException("--validation-fraction " + validationFraction + " and --test-fraction "
                    + testFraction + " must each be >= 0 and leave something to train on (sum below 1), e.g. 0.2 and 0.2");
        }
        return Split.stratified(all, 1 - validationFraction - testFraction, validationFraction, seed);
    }
}
