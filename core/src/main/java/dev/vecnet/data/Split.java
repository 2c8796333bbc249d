package dev.vecnet.data;

import java.util.Arrays;

/**
 * A train / validation / test partition of one data set, made by {@link #stratified}. Immutable; the
 * parts are new data sets that share no arrays with the source.
 *
 * @param train      the examples to fit on (and to fit preprocessing statistics on)
 * @param validation the examples to choose hyperparameters on; may be empty
 * @param test       the examples to report on once; may be empty
 */
public record Split(Dataset train, Dataset validation, Dataset test) {

    /**
     * Splits a classification data set so that each part holds about the same share of every class:
     * each class's examples are shuffled (with {@code seed}) and cut at {@code round(count * trainFraction)}
     * and {@code round(count * (trainFraction + validationFraction))}. Each part is then shuffled, so its
     * classes are interleaved (the rule of {@link StratifiedRows}, which {@link Holdout} applies to a file too). A regression data set is split the same way as if it had one class.
     * Same data and seed give the same split. Copies the data.
     *
     * @param data               the examples; read, not modified
     * @param trainFraction      share for training, in (0, 1]
     * @param validationFraction share for validation, in [0, 1 - trainFraction]
     * @param seed               seed of the one {@link java.util.Random} that draws every shuffle
     * @return the three parts, each a new data set; the test part takes what is left of each class
     * @throws IllegalArgumentException when the fractions are out of range
     */
    public static Split stratified(Dataset data, double trainFraction, double validationFraction, long seed) {
        if (!(trainFraction > 0 && validationFraction >= 0 && trainFraction + validationFraction <= 1 + 1e-12)) {
            throw new IllegalArgumentException("fractions must satisfy 0 < train, 0 <= validation, train + "
                    + "validation <= 1; got " + trainFraction + ", " + validationFraction);
        }
        int classes = data.hasLabels() ? Math.max(1, data.classCount()) : 1;
        int[] labels = data.hasLabels() ? data.labels() : new int[data.size()];
        StratifiedRows.Parts parts = StratifiedRows.of(labels, classCounts(labels, classes), trainFraction,
                validationFraction, seed);
        return new Split(data.subset(Arrays.copyOf(parts.trainRows(), parts.trainCount())),
                data.subset(parts.validation()), data.subset(parts.test()));
    }

    /** Rows per class of valid labels, {@code counts[c]} for {@code c} in {@code [0, classes)}. */
    static int[] classCounts(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
