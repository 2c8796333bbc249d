package dev.vecnet.data;

/**
 * A train / validation / test partition of data too large to copy: the validation and test rows are
 * copied into memory ({@link Dataset}s), the training part stays where it is, a view of its rows (so
 * training from a {@link MappedExamples} file keeps reading the file).
 *
 * <p>The rows are those {@link Split#stratified} picks from the same examples in memory, in the same order
 * (both apply {@link StratifiedRows} with {@code trainFraction = 1 - validationFraction - testFraction}): a
 * file converted from a CSV file trains on the same rows, in the same order, as the CSV file itself.
 *
 * <p>Memory, checked against a budget before anything sized by the data is allocated: the labels
 * ({@code 4 n} bytes, while splitting), the indices of {@link StratifiedRows} ({@code 4 n} bytes, of which the
 * training part's stay as the view's row table), one int per training row for the order a
 * {@link MiniBatches} over the view allocates, and the held-out examples themselves. At most
 * {@code 2^31 - 9} rows (one int index per row). Immutable; the training view is thread-safe like its source.
 */
public final class Holdout {
    /** Labels gathered per read while counting the classes. */
    private static final int CHUNK_VALUES = 1 << 18;

    private final Examples train;
    private final Dataset validation;
    private final Dataset test;

    private Holdout(Examples train, Dataset validation, Dataset test) {
        this.train = train;
        this.validation = validation;
        this.test = test;
    }

    /**
     * Partitions {@code data}: reads every label once, then the held-out rows once more (one gather each part).
     *
     * @param data               the examples; read, not modified; kept by the training view
     * @param validationFraction share of each class for validation, in [0, 1)
     * @param testFraction       share of each class for test, in [0, 1 - validationFraction)
     * @param seed               seed of the split's shuffles
     * @param memoryBudget       the bytes the split, the training order and the held-out parts may take
     * @return the partition
     * @throws DataTooLargeException    when that memory exceeds {@code memoryBudget}, or {@code data} has more
     *                                  than {@code 2^31 - 9} rows
     * @throws DataFormatException      when a stored label is out of range (a file's rows are checked as read)
     * @throws IllegalArgumentException when the fractions are out of range
     */
    public static Holdout of(Examples data, double validationFraction, double testFraction, long seed,
                             long memoryBudget) throws DataTooLargeException, DataFormatException {
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("fractions must be >= 0 with a sum below 1, got " + validationFraction
                    + " and " + testFraction);
        }
        long n = data.count();
        String source = data instanceof MappedExamples file ? file.source()
                : data instanceof MappedIdx idx ? idx.toString() : "the examples";
        if (n > MiniBatches.MAX_ORDER) {
            throw new DataTooLargeException(source + ": " + n + " rows; the split keeps one int index per row, "
                    + "so it takes at most " + MiniBatches.MAX_ORDER + " rows");
        }
        int classes = data.hasLabels() ? Math.max(1, data.classCount()) : 1;
        MemoryLimits.requireBytes(source, "the split's tables for " + n + " rows of " + classes + " classes",
                StratifiedRows.bytesNeeded(n, n, classes) + 4 * n, memoryBudget);
        int[] labels = labels(data);
        int[] counts = Split.classCounts(labels, classes);
        double trainFraction = 1 - validationFraction - testFraction;
        long[] sizes = StratifiedRows.partSizes(counts, trainFraction, validationFraction);
        long held = sizes[1] + sizes[2];
        int extra = data.hasLabels() ? 1 : data.targetCount();
        long heldBytes = MemoryLimits.bytesNeeded(held, (long) data.featureCount() + extra + 2);
        long splitBytes = StratifiedRows.bytesNeeded(n, held, classes) + 4 * n;
        long trainingOrder = 4 * sizes[0];
        long total = heldBytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : splitBytes + trainingOrder + heldBytes;
        MemoryLimits.requireBytes(source, "the split of " + n + " rows (" + held + " held out, " + data.featureCount()
                + " features each, copied into memory; " + sizes[0] + " training rows, one int each for their order)",
                total, memoryBudget);
        StratifiedRows.Parts parts = StratifiedRows.of(labels, counts, trainFraction, validationFraction, seed);
        return new Holdout(new IndexedRows(data, parts.trainRows(), parts.trainCount()), copy(data, parts.validation()),
                copy(data, parts.test()));
    }

    /**
     * The training part: a view of the training rows, in the split's order.
     *
     * @return the view, gathering from the source
     */
    public Examples train() {
        return train;
    }

    /**
     * The validation part, in memory.
     *
     * @return the validation examples in the split's order; possibly empty
     */
    public Dataset validation() {
        return validation;
    }

    /**
     * The test part, in memory.
     *
     * @return the test examples in the split's order; possibly empty
     */
    public Dataset test() {
        return test;
    }

    /** Every row's label (0 for regression data), gathered in chunks; a malformed row surfaces unwrapped. */
    private static int[] labels(Examples data) throws DataFormatException {
        int n = (int) data.count();
        int[] labels = new int[n];
        if (!data.hasLabels()) {
            return labels;
        }
        int chunk = Math.max(1, Math.min(4096, CHUNK_VALUES / data.featureCount()));
        long[] rows = new long[chunk];
        float[] x = new float[chunk * data.featureCount()];
        int[] chunkLabels = new int[chunk];
        try {
            for (int first = 0; first < n; first += chunk) {
                int m = Math.min(chunk, n - first);
                for (int i = 0; i < m; i++) {
                    rows[i] = first + i;
                }
                data.gather(rows, m, x, chunkLabels, null);
                System.arraycopy(chunkLabels, 0, labels, first, m);
            }
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof DataFormatException bad) {
                throw bad;
            }
            throw e;
        }
        return labels;
    }

    private static Dataset copy(Examples data, int[] rows) {
        long[] indices = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            indices[i] = rows[i];
        }
        return Dataset.copyOf(data, indices);
    }
}
