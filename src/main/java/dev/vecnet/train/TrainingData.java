package dev.vecnet.train;

import java.util.Objects;

/**
 * Training or validation examples as plain arrays: inputs {@code x} row-major {@code [n][features]}
 * and either class labels {@code [n]} or float targets {@code [n][outputs]}.
 *
 * <p>Holds the arrays without copying them (callers must not modify them while training); immutable and
 * thread-safe for reading otherwise.
 */
public final class TrainingData {
    private final float[] x;
    private final int[] labels;
    private final float[] targets;
    private final int n;
    private final int features;

    private TrainingData(float[] x, int[] labels, float[] targets, int n) {
        Objects.requireNonNull(x, "x");
        if (n < 1 || x.length % n != 0 || x.length == 0) {
            throw new IllegalArgumentException("x has " + x.length + " floats, not a whole number of " + n + " rows");
        }
        this.x = x;
        this.labels = labels;
        this.targets = targets;
        this.n = n;
        this.features = x.length / n;
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("expected " + n + " labels, got " + labels.length);
        }
        if (targets != null && (targets.length == 0 || targets.length % n != 0)) {
            throw new IllegalArgumentException("targets have " + targets.length + " floats, not a whole number of " + n + " rows");
        }
    }

    /** Inputs {@code [n][x.length / n]} with class labels {@code [n]}; arrays are not copied. */
    public static TrainingData of(float[] x, int[] labels, int n) {
        return new TrainingData(x, Objects.requireNonNull(labels, "labels"), null, n);
    }

    /** Inputs {@code [n][x.length / n]} with targets {@code [n][targets.length / n]}; not copied. */
    public static TrainingData ofTargets(float[] x, float[] targets, int n) {
        return new TrainingData(x, null, Objects.requireNonNull(targets, "targets"), n);
    }

    /** The first {@code count} examples (copies them). */
    public TrainingData head(int count) {
        if (count < 1 || count > n) {
            throw new IllegalArgumentException("count must be in [1, " + n + "], was " + count);
        }
        float[] hx = java.util.Arrays.copyOf(x, count * features);
        return labels != null ? of(hx, java.util.Arrays.copyOf(labels, count), count)
                : ofTargets(hx, java.util.Arrays.copyOf(targets, count * targetWidth()), count);
    }

    /** Inputs (live). */
    public float[] x() {
        return x;
    }

    /** Labels (live), or null for target data. */
    public int[] labels() {
        return labels;
    }

    /** Targets (live), or null for label data. */
    public float[] targets() {
        return targets;
    }

    /** Number of examples. */
    public int size() {
        return n;
    }

    /** Floats per example. */
    public int features() {
        return features;
    }

    /** Floats per target row (0 for label data). */
    public int targetWidth() {
        return targets == null ? 0 : targets.length / n;
    }

    /** Whether this holds class labels. */
    public boolean hasLabels() {
        return labels != null;
    }
}
