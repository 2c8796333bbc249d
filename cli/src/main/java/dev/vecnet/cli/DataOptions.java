package dev.vecnet.cli;

import dev.vecnet.kernel.WorkerTeam;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Split;
import picocli.CommandLine.Option;

/**
 * The options that choose a data set and how it is split into training, validation and test parts. Shared
 * by the commands that train or evaluate, so that {@code evaluate} can rebuild the test split
 * {@code train} held out (same data, fractions and seed). Filled in by picocli; not thread-safe.
 */
public final class DataOptions {

    @Option(names = "--data", paramLabel = "NAME|FILE", defaultValue = "digits",
            description = "Data set: one of " + DataSource.NAMES + ", a CSV file (plain or .gz) with a header row "
                    + "and a class label column (0, 1, ...; see --label), an IDX image file (plain or .gz; labels: "
                    + "see --labels) or a .vecdata file written by 'convert' (train reads it from disk). "
                    + "Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "The IDX label file of an IDX image file. Default: the file MNIST's naming puts beside it "
                    + "(train-images-idx3-ubyte -> train-labels-idx1-ubyte).")
    String labels;

    @Option(names = "--max-bytes", paramLabel = "SIZE", defaultValue = "1g", converter = ByteSize.class,
            description = "The most bytes a gzipped data file may decompress to (k, m, g, t suffixes). "
                    + "Default: ${DEFAULT-VALUE}.")
    long maxBytes;

    @Option(names = "--label", paramLabel = "NAME|INDEX",
            description = "The class label column of a CSV file: its header name, or its number counting from 1. "
                    + "Default: the column named 'label', else the last column.")
    String label;

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

    @Option(names = "--no-verify",
            description = "Use a .vecdata file without first reading it through to check its data checksum (one "
                    + "sequential read of the file, limited by the disk's speed). Every row is still checked as it is "
                    + "read.")
    boolean noVerify;

    /** The data set's name or path as given. */
    public String data() {
        return data;
    }

    /**
     * The options that make another command read the same data and split: {@code --data}, {@code --label} when
     * given, the fractions when not the defaults, and {@code --seed}.
     */
    public String sameDataArguments() {
        StringBuilder args = new StringBuilder("--data ").append(data);
        if (label != null) {
            args.append(" --label ").append(label);
        }
        if (labels != null) {
            args.append(" --labels ").append(labels);
        }
        if (maxBytes != ByteSize.DEFAULT_MAX_BYTES) {
            args.append(" --max-bytes ").append(maxBytes);
        }
        if (validationFraction != 0.2 || testFraction != 0.2) {
            args.append(" --validation-fraction ").append(validationFraction).append(" --test-fraction ")
                    .append(testFraction);
        }
        return args.append(" --seed ").append(seed).toString();
    }

    /** The seed of the split, initialisation and shuffling. */
    public long seed() {
        return seed;
    }

    /** Loads the data set with its label column into memory (see {@link DataSource#load}). */
    public DataSource.Labelled load() {
        return load(null);
    }

    /** As {@link #load()}, parsing a large CSV file on {@code team} (null: the calling thread). */
    public DataSource.Labelled load(WorkerTeam team) {
        return DataSource.load(data, label, labels, maxBytes, team, !noVerify);
    }

    /** The {@code --labels} value (the label file of IDX images), or null. */
    String labels() {
        return labels;
    }

    /** Whether a .vecdata file is read through to check its checksum before it is used. */
    boolean verify() {
        return !noVerify;
    }

    /**
     * The fractions held out for validation and test, checked as {@link #split} checks them.
     *
     * @return {@code {validation, test}}
     * @throws UsageException when a fraction is negative or they leave nothing to train on
     */
    public double[] heldOutFractions() {
        checkFractions();
        return new double[] {validationFraction, testFraction};
    }

    /**
     * The label column chosen with {@code --label}.
     *
     * @return its header name or 1-based number as given, or null for the default (the column named
     *         {@code label}, else the last)
     */
    public String label() {
        return label;
    }

    private void checkFractions() {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new UsageException("--validation-fraction " + validationFraction + " and --test-fraction "
                    + testFraction + " must each be >= 0 and leave something to train on (sum below 1), e.g. 0.2 and 0.2");
        }
    }

    /**
     * Splits {@code all} by class into training, validation and test parts with the fractions and seed.
     *
     * @throws UsageException when the fractions are outside [0, 1) or leave nothing to train on, or when the data
     *                        is too small for them: a part with a fraction above 0 would be empty
     */
    public Split split(Dataset all) {
        checkFractions();
        // A .vecdata file is split into the same rows in memory (here) and from disk (Holdout, in train).
        Split split = Split.stratified(all, 1 - validationFraction - testFraction, validationFraction, seed);
        int train = split.train().size();
        int validation = split.validation().size();
        int test = split.test().size();
        if (train == 0 || (validationFraction > 0 && validation == 0) || (testFraction > 0 && test == 0)) {
            throw new UsageException("--data " + data + " has " + all.size() + (all.size() == 1 ? " example" : " examples")
                    + ", too few for --validation-fraction " + validationFraction + " and --test-fraction " + testFraction
                    + ": split by class, that gives " + train + " training, " + validation + " validation and " + test
                    + " test examples. Give more data, or lower the fractions (0 leaves a part out)");
        }
        return split;
    }
}
