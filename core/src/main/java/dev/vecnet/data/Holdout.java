package dev.vecnet.data;

/**
 * A train / validation / test partition of data too large to copy: the validation and test rows are
 * drawn at random and copied into memory ({@link Dataset}s), the training part stays where it is, a view
 * of the remaining rows (so training from a {@link MappedExamples} file keeps reading the file).
 *
 * <p>Row {@code r} goes to validation when {@code u(r) < validationFraction}, else to test when
 * {@code u(r) < validationFraction + testFraction}, else to training, where {@code u(r)} in [0, 1) is a
 * 64-bit hash of the seed and the row index (SplitMix64): independent of the labels (not stratified), the
 * same for the same seed, and computable without storing anything per training row. Memory: 8 bytes per
 * held-out row for the index, plus the held-out examples themselves, checked against a budget before they
 * are allocated. Immutable; the training view is thread-safe like its source.
 */
public final class Holdout {
    private final Examples train;
    private final Dataset validation;
    private final Dataset test;

    private Holdout(Examples train, Dataset validation, Dataset test) {
        this.train = train;
        this.validation = validation;
        this.test = test;
    }

    /**
     * Partitions {@code data}. Reads the held-out rows once (one gather each); allocates them, their labels or
     * targets and one long per held-out row.
     *
     * @param data               the examples; read, not modified; kept by the training view
     * @param validationFraction expected share for validation, in [0, 1)
     * @param testFraction       expected share for test, in [0, 1 - validationFraction)
     * @param seed               seed of the row hash
     * @param memoryBudget       the bytes the held-out parts may take
     * @return the partition
     * @throws DataTooLargeException    when the held-out parts need more than {@code memoryBudget}
     * @throws IllegalArgumentException when the fractions are out of range
     */
    public static Holdout of(Examples data, double validationFraction, double testFraction, long seed,
                             long memoryBudget) throws DataTooLargeException {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("fractions must be >= 0 with a sum below 1, got " + validationFraction
                    + " and " + testFraction);
        }
        long n = data.count();
        double held = validationFraction + testFraction;
        long validationRows = 0;
        long testRows = 0;
        for (long r = 0; r < n; r++) {
            double u = unit(seed, r);
            if (u < validationFraction) {
                validationRows++;
            } else if (u < held) {
                testRows++;
            }
        }
        int extra = data.hasLabels() ? 1 : data.targetCount();
        MemoryLimits.require("held-out rows of " + n, validationRows + testRows, data.featureCount(), extra + 2,
                memoryBudget, false);
        long[] heldOut = new long[(int) (validationRows + testRows)];
        long[] validationIndex = new long[(int) validationRows];
        long[] testIndex = new long[(int) testRows];
        int h = 0;
        int v = 0;
        int t = 0;
        for (long r = 0; r < n && h < heldOut.length; r++) {
            double u = unit(seed, r);
            if (u < held) {
                heldOut[h++] = r;
                if (u < validationFraction) {
                    validationIndex[v++] = r;
                } else {
                    testIndex[t++] = r;
                }
            }
        }
        return new Holdout(new ExcludingRows(data, heldOut), Dataset.copyOf(data, validationIndex),
                Dataset.copyOf(data, testIndex));
    }

    /**
     * The training part: a view of the rows not held out, in file order.
     *
     * @return the view, gathering from the source
     */
    public Examples train() {
        return train;
    }

    /**
     * The validation part, in memory.
     *
     * @return the validation examples in file order; possibly empty
     */
    public Dataset validation() {
        return validation;
    }

    /**
     * The test part, in memory.
     *
     * @return the test examples in file order; possibly empty
     */
    public Dataset test() {
        return test;
    }

    /** SplitMix64 of the seed and row, scaled to [0, 1). */
    static double unit(long seed, long row) {
        long z = seed + (row + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

}
