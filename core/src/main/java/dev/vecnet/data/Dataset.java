package dev.vecnet.data;

import java.util.Arrays;

/**
 * A dense data set: {@code n} examples of {@code featureCount} floats in one row-major array
 * {@code features[n][featureCount]}, with either integer class labels {@code labels[n]} (each in
 * {@code [0, classCount)}) or float targets {@code targets[n][targetCount]}.
 *
 * <p>The arrays are exposed as they are, not copied, so that a training loop taking plain arrays
 * ({@code float[] x, int[] labels, int n}) can read them directly; treat them as read-only unless you own
 * the data set. Methods that derive a data set ({@link #subset}, {@link #shuffled}) copy. Immutable in
 * use and safe to read from many threads.
 */
public final class Dataset implements Examples {
    private final float[] features;
    private final int size;
    private final int featureCount;
    private final int[] labels;
    private final int classCount;
    private final float[] targets;
    private final int targetCount;

    private Dataset(float[] features, int size, int featureCount, int[] labels, int classCount, float[] targets,
            int targetCount) {
        if (size < 0 || featureCount < 1) {
            throw new IllegalArgumentException("need size >= 0 and featureCount >= 1, got " + size + ", " + featureCount);
        }
        if (features.length != (long) size * featureCount) {
            throw new IllegalArgumentException("features holds " + features.length + " floats, expected "
                    + size + " x " + featureCount);
        }
        this.features = features;
        this.size = size;
        this.featureCount = featureCount;
        this.labels = labels;
        this.classCount = classCount;
        this.targets = targets;
        this.targetCount = targetCount;
    }

    /**
     * A classification data set. Keeps the arrays (no copy).
     *
     * @param features     {@code [n][featureCount]}, row-major
     * @param featureCount floats per example, {@code >= 1}
     * @param labels       {@code [n]}, each in {@code [0, classCount)}
     * @param classCount   number of classes, at least one more than the largest label
     * @return a data set of {@code labels.length} examples backed by {@code features} and {@code labels}
     * @throws IllegalArgumentException on mismatched lengths, {@code featureCount < 1} or a label out of
     *                                  range
     */
    public static Dataset ofLabels(float[] features, int featureCount, int[] labels, int classCount) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " not in [0, "
                        + classCount + ")");
            }
        }
        return new Dataset(features, labels.length, featureCount, labels, classCount, null, 0);
    }

    /**
     * A classification data set whose class count is one more than the largest label. Keeps the arrays.
     *
     * @param features     {@code [n][featureCount]}, row-major
     * @param featureCount floats per example, {@code >= 1}
     * @param labels       {@code [n]}, each {@code >= 0}
     * @return a data set of {@code labels.length} examples with {@code classCount() == max(labels) + 1}
     *         (0 when {@code labels} is empty), backed by {@code features} and {@code labels}
     * @throws IllegalArgumentException on mismatched lengths, {@code featureCount < 1} or a negative label
     */
    public static Dataset ofLabels(float[] features, int featureCount, int[] labels) {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return ofLabels(features, featureCount, labels, max + 1);
    }

    /**
     * A regression data set. Keeps the arrays (no copy).
     *
     * @param features     {@code [n][featureCount]}, row-major
     * @param featureCount floats per example, {@code >= 1}
     * @param targets      {@code [n][targetCount]}, row-major
     * @param targetCount  outputs per example, {@code >= 1}
     * @return a data set of {@code targets.length / targetCount} examples backed by {@code features} and
     *         {@code targets}
     * @throws IllegalArgumentException when {@code targetCount < 1}, {@code targets.length} is not a multiple
     *                                  of it, {@code featureCount < 1} or {@code features} has another number
     *                                  of examples
     */
    public static Dataset ofTargets(float[] features, int featureCount, float[] targets, int targetCount) {
        if (targetCount < 1 || targets.length % targetCount != 0) {
            throw new IllegalArgumentException("targets length " + targets.length + " is not a multiple of "
                    + targetCount);
        }
        return new Dataset(features, targets.length / targetCount, featureCount, null, 0, targets, targetCount);
    }

    /**
     * Copies every example of {@code source}, in order, into a new in-memory data set. Allocates
     * {@code count * (featureCount + 1)} 4-byte values (or {@code + targetCount}); check them against the heap
     * first ({@link MemoryLimits#require}).
     *
     * @param source the examples; read, not modified
     * @return a new data set with the same examples, class count or target count
     * @throws IllegalArgumentException when {@code source} holds more values than one Java array can
     */
    public static Dataset copyOf(Examples source) {
        if (source.count() * Math.max(source.featureCount(), Math.max(1, source.targetCount())) > MiniBatches.MAX_ORDER) {
            throw new IllegalArgumentException(source.count() + " x " + source.featureCount()
                    + " values exceed one Java array");
        }
        long[] rows = new long[(int) source.count()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return copyOf(source, rows);
    }

    /**
     * Copies the examples {@code rows} of {@code source}, in that order, into a new in-memory data set
     * (one {@link Examples#gather}).
     *
     * @param source the examples; read, not modified
     * @param rows   row indices of {@code source}; not modified
     * @return a new data set of {@code rows.length} examples with the source's class or target count
     * @throws IndexOutOfBoundsException when a row is out of range
     */
    public static Dataset copyOf(Examples source, long[] rows) {
        int n = rows.length;
        float[] x = new float[Math.multiplyExact(n, source.featureCount())];
        if (source.hasLabels()) {
            int[] labels = new int[n];
            source.gather(rows, n, x, labels, null);
            return new Dataset(x, n, source.featureCount(), labels, source.classCount(), null, 0);
        }
        float[] targets = new float[Math.multiplyExact(n, source.targetCount())];
        source.gather(rows, n, x, null, targets);
        return new Dataset(x, n, source.featureCount(), null, 0, targets, source.targetCount());
    }

    /**
     * The first {@code count} examples, copied.
     *
     * @param count number of examples to keep, in {@code [1, size()]}
     * @return a new data set of the first {@code count} examples, with the same class or target count and
     *         its own arrays
     * @throws IllegalArgumentException unless {@code 1 <= count <= size()}
     */
    public Dataset head(int count) {
        if (count < 1 || count > size) {
            throw new IllegalArgumentException("count must be in [1, " + size + "], was " + count);
        }
        float[] x = java.util.Arrays.copyOf(features, count * featureCount);
        return labels != null ? new Dataset(x, count, featureCount, java.util.Arrays.copyOf(labels, count), classCount, null, 0)
                : new Dataset(x, count, featureCount, null, 0, java.util.Arrays.copyOf(targets, count * targetCount), targetCount);
    }

    /**
     * Number of examples {@code n}.
     *
     * @return {@code n >= 0}
     */
    public int size() {
        return size;
    }

    /**
     * Number of examples, as {@link Examples} counts them.
     *
     * @return {@link #size()}
     */
    @Override
    public long count() {
        return size;
    }

    /**
     * Copies the examples {@code rows[0..n)} into the buffers (see {@link Examples#gather}); allocates
     * nothing.
     */
    @Override
    public void gather(long[] rows, int n, float[] x, int[] labels, float[] targets) {
        int f = featureCount;
        for (int i = 0; i < n; i++) {
            System.arraycopy(features, Math.toIntExact(rows[i]) * f, x, i * f, f);
        }
        if (this.labels != null) {
            for (int i = 0; i < n && labels != null; i++) {
                labels[i] = this.labels[(int) rows[i]];
            }
        } else if (targets != null) {
            int t = targetCount;
            for (int i = 0; i < n; i++) {
                System.arraycopy(this.targets, (int) rows[i] * t, targets, i * t, t);
            }
        }
    }

    /**
     * Floats per example.
     *
     * @return the feature count, {@code >= 1}
     */
    @Override
    public int featureCount() {
        return featureCount;
    }

    /**
     * Number of classes; 0 for a regression data set.
     *
     * @return the class count: every label is in {@code [0, classCount())}
     */
    @Override
    public int classCount() {
        return classCount;
    }

    /**
     * Outputs per example of a regression data set; 0 for a classification one.
     *
     * @return the target count, {@code >= 1} for a regression data set, else 0
     */
    @Override
    public int targetCount() {
        return targetCount;
    }

    /**
     * Whether this data set has class labels (else float targets).
     *
     * @return true when {@link #labels()} is non-null, false when {@link #targets()} is
     */
    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    /**
     * The features {@code [n][featureCount]}, row-major: the live array, not a copy.
     *
     * @return the backing array of length {@code size() * featureCount()}; do not modify it
     */
    public float[] features() {
        return features;
    }

    /**
     * The class labels {@code [n]}: the live array; null for a regression data set.
     *
     * @return the backing label array of length {@code size()}, or null; do not modify it
     */
    public int[] labels() {
        return labels;
    }

    /**
     * The targets {@code [n][targetCount]}: the live array; null for a classification data set.
     *
     * @return the backing array of length {@code size() * targetCount()}, row-major, or null; do not modify
     *         it
     */
    public float[] targets() {
        return targets;
    }

    /**
     * A new data set with the same labels or targets and other features (same shape), e.g. preprocessed.
     *
     * @param newFeatures {@code [n][featureCount]}; kept, not copied
     * @return a data set sharing this one's label or target array (not copied) with {@code newFeatures}
     * @throws IllegalArgumentException when {@code newFeatures.length != size() * featureCount()}
     */
    public Dataset withFeatures(float[] newFeatures) {
        return new Dataset(newFeatures, size, featureCount, labels, classCount, targets, targetCount);
    }

    /**
     * The examples at {@code indices}, in that order, copied into new arrays. Allocates
     * {@code indices.length * (featureCount + 1)} elements for a classification data set,
     * {@code indices.length * (featureCount + targetCount)} for a regression one.
     *
     * @param indices example indices, each in {@code [0, size())}; may repeat; not modified
     * @return a new data set of {@code indices.length} examples, with the same class or target count
     * @throws ArrayIndexOutOfBoundsException when an index is out of range
     */
    public Dataset subset(int[] indices) {
        float[] x = new float[indices.length * featureCount];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * featureCount, x, i * featureCount, featureCount);
        }
        if (labels != null) {
            int[] y = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                y[i] = labels[indices[i]];
            }
            return new Dataset(x, indices.length, featureCount, y, classCount, null, 0);
        }
        float[] t = new float[indices.length * targetCount];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(targets, indices[i] * targetCount, t, i * targetCount, targetCount);
        }
        return new Dataset(x, indices.length, featureCount, null, 0, t, targetCount);
    }

    /**
     * A copy with the examples in a random order drawn from {@code seed} (Fisher-Yates).
     *
     * @param seed seed of the {@link java.util.Random} that draws the order; the same seed gives the same
     *             order
     * @return a new data set holding every example once, with its own arrays
     */
    public Dataset shuffled(long seed) {
        int[] order = Permutations.identity(size);
        Permutations.shuffle(order, new java.util.Random(seed));
        return subset(order);
    }

    /**
     * Number of examples of each class, {@code [classCount]}; empty for a regression data set.
     *
     * @return a new array; {@code classCounts()[c]} is the number of examples labelled {@code c}
     */
    public int[] classCounts() {
        int[] counts = new int[classCount];
        if (labels != null) {
            for (int label : labels) {
                counts[label]++;
            }
        }
        return counts;
    }

    /**
     * Throws if a feature or target is NaN or infinite, naming the first such example and column.
     *
     * @param source a name for the message (a file name)
     * @throws DataFormatException at the first non-finite value
     */
    public void requireFinite(String source) throws DataFormatException {
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new DataFormatException(source + ": example " + i / featureCount + ", feature "
                        + i % featureCount + ": value " + features[i] + " is not finite");
            }
        }
        if (targets != null) {
            for (int i = 0; i < targets.length; i++) {
                if (!Float.isFinite(targets[i])) {
                    throw new DataFormatException(source + ": example " + i / targetCount + ", target "
                            + i % targetCount + ": value " + targets[i] + " is not finite");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Dataset[" + size + " x " + featureCount + (labels != null ? ", " + classCount + " classes "
                + Arrays.toString(classCounts()) : ", " + targetCount + " targets") + "]";
    }
}
