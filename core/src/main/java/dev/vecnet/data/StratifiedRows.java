package dev.vecnet.data;

import java.util.Random;

/**
 * The row indices of a stratified train / validation / test split, computed from one label per row with
 * int arrays only, so that a data set in memory ({@link Split#stratified}) and a memory-mapped file
 * ({@link Holdout}) split into exactly the same rows in the same order for the same labels and seed.
 *
 * <p>The rule: the rows of each class, in row order, are shuffled (classes in order 0, 1, ..., one
 * {@link Random} seeded with {@code seed}, {@link Permutations#shuffle}) and cut at
 * {@code round(count * trainFraction)} and {@code min(count, round(count * (trainFraction + validationFraction)))};
 * then the training, validation and test parts are each shuffled with the same {@code Random}, in that order.
 *
 * <p>Memory: {@link #of} allocates two int arrays of {@code classes + 1} entries, one of {@code n} entries (the
 * rows grouped by class, which then holds the training part) and the validation and test parts:
 * {@code 4 * (n + held-out rows + 2 * (classes + 1))} bytes, {@link #bytesNeeded}. Stateless.
 */
final class StratifiedRows {
    private StratifiedRows() {
    }

    /**
     * The parts of a split.
     *
     * @param trainRows  holds the training rows in {@code [0, trainCount)}; the entries after are unspecified
     * @param trainCount the number of training rows
     * @param validation the validation rows, in their shuffled order
     * @param test       the test rows, in their shuffled order
     */
    record Parts(int[] trainRows, int trainCount, int[] validation, int[] test) {
    }

    /**
     * The bytes {@link #of} allocates for {@code n} rows of {@code classes} classes, saturating at
     * {@code Long.MAX_VALUE}.
     *
     * @param n       rows
     * @param held    validation plus test rows, at most {@code n}
     * @param classes classes, {@code >= 1}
     * @return the byte count
     */
    static long bytesNeeded(long n, long held, long classes) {
        return MemoryLimits.bytesNeeded(1, n + held + 2 * (classes + 1));
    }

    /**
     * The rows per part for these class counts, as {@link #of} cuts them.
     *
     * @return {@code {train, validation, test}}
     */
    static long[] partSizes(int[] classCounts, double trainFraction, double validationFraction) {
        long[] sizes = new long[3];
        for (int count : classCounts) {
            int trainEnd = trainEnd(count, trainFraction);
            int validationEnd = validationEnd(count, trainFraction, validationFraction);
            sizes[0] += trainEnd;
            sizes[1] += validationEnd - trainEnd;
            sizes[2] += count - validationEnd;
        }
        return sizes;
    }

    /**
     * Splits rows {@code [0, labels.length)} by class.
     *
     * @param labels             the class of each row, each in {@code [0, classCounts.length)}; not modified
     * @param classCounts        rows per class (as counted from {@code labels}); not modified
     * @param trainFraction      share for training, in (0, 1]
     * @param validationFraction share for validation, in [0, 1 - trainFraction]
     * @param seed               seed of the one {@link Random} that draws every shuffle
     * @return the parts, new arrays
     */
    static Parts of(int[] labels, int[] classCounts, double trainFraction, double validationFraction, long seed) {
        int classes = classCounts.length;
        int[] start = new int[classes + 1];
        for (int c = 0; c < classes; c++) {
            start[c + 1] = start[c] + classCounts[c];
        }
        int[] next = java.util.Arrays.copyOf(start, classes);
        int[] byClass = new int[labels.length];
        for (int row = 0; row < labels.length; row++) {
            byClass[next[labels[row]]++] = row;
        }
        long[] sizes = partSizes(classCounts, trainFraction, validationFraction);
        int[] validation = new int[(int) sizes[1]];
        int[] test = new int[(int) sizes[2]];
        Random random = new Random(seed);
        int train = 0;
        int v = 0;
        int t = 0;
        for (int c = 0; c < classes; c++) {
            int count = classCounts[c];
            Permutations.shuffle(byClass, start[c], count, random);
            int trainEnd = trainEnd(count, trainFraction);
            int validationEnd = validationEnd(count, trainFraction, validationFraction);
            System.arraycopy(byClass, start[c] + trainEnd, validation, v, validationEnd - trainEnd);
            System.arraycopy(byClass, start[c] + validationEnd, test, t, count - validationEnd);
            // Each class's training rows move left, never past rows still to be read: start[c] >= train.
            System.arraycopy(byClass, start[c], byClass, train, trainEnd);
            train += trainEnd;
            v += validationEnd - trainEnd;
            t += count - validationEnd;
        }
        Permutations.shuffle(byClass, 0, train, random);
        Permutations.shuffle(validation, 0, validation.length, random);
        Permutations.shuffle(test, 0, test.length, random);
        return new Parts(byClass, train, validation, test);
    }

    private static int trainEnd(int count, double trainFraction) {
        return (int) Math.round(count * trainFraction);
    }

    private static int validationEnd(int count, double trainFraction, double validationFraction) {
        return Math.min(count, (int) Math.round(count * (trainFraction + validationFraction)));
    }
}
