package dev.vecnet.spark.cli;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;

import dev.vecnet.data.Preprocessor;

import java.io.Serializable;
import java.util.Map;

/**
 * What one pass over a split data set learns, merged across partitions: the examples of each part, the largest
 * label, the feature count, and the training part's per-feature mean and sum of squared deviations (Chan et al.'s
 * pairwise update, in double precision, so that a large mean does not cancel the variance away). Mutable; one per
 * task, merged on the way to the driver.
 */
// A task result sent through spark.serializer: under Kryo, Java serialisation, as the library's wire classes.
@DefaultSerializer(JavaSerializer.class)
final class PartStatistics implements Serializable {
    private final long[] counts = new long[3];
    private int maxLabel = -1;
    private int features = -1;
    private double[] mean;
    private double[] squares;

    /** Adds one example (modifies this); returns this. */
    PartStatistics add(Example e) {
        width(e.features().length);
        counts[e.part()]++;
        maxLabel = Math.max(maxLabel, e.label());
        if (e.part() == Example.TRAIN) {
            long n = counts[Example.TRAIN];
            float[] x = e.features();
            for (int j = 0; j < x.length; j++) {
                double delta = x[j] - mean[j];
                mean[j] += delta / n;
                squares[j] += delta * (x[j] - mean[j]);
            }
        }
        return this;
    }

    /** Merges {@code other} into this (modifies this, not {@code other}); returns this. */
    PartStatistics merge(PartStatistics other) {
        if (other.features < 0) {
            return this;
        }
        width(other.features);
        long a = counts[Example.TRAIN];
        long b = other.counts[Example.TRAIN];
        if (b > 0) {
            double n = a + b;
            for (int j = 0; j < features; j++) {
                double delta = other.mean[j] - mean[j];
                mean[j] += delta * b / n;
                squares[j] += other.squares[j] + delta * delta * a * b / n;
            }
        }
        for (int p = 0; p < counts.length; p++) {
            counts[p] += other.counts[p];
        }
        maxLabel = Math.max(maxLabel, other.maxLabel);
        return this;
    }

    private void width(int n) {
        if (features < 0) {
            features = n;
            mean = new double[n];
            squares = new double[n];
        } else if (features != n) {
            throw new IllegalArgumentException("the examples have " + features + " and " + n + " features: every "
                    + "row needs the same number");
        }
    }

    /** Examples in part {@code part} ({@link Example#TRAIN}, ...). */
    long count(int part) {
        return counts[part];
    }

    /** Classes: the largest label plus one (0 without examples). */
    int classes() {
        return maxLabel + 1;
    }

    /** Features per example (-1 without examples). */
    int features() {
        return features;
    }

    /**
     * The standardisation {@code ./vecnet train} fits on the training part: kind {@code standardize}, the mean and
     * the population standard deviation of each feature, as floats.
     */
    Preprocessor standardizer() {
        float[] m = new float[features];
        float[] std = new float[features];
        long n = Math.max(1, counts[Example.TRAIN]);
        for (int j = 0; j < features; j++) {
            m[j] = (float) mean[j];
            std[j] = (float) Math.sqrt(squares[j] / n);
        }
        return Preprocessor.fromState("standardize", Map.of("mean", m, "std", std));
    }
}
