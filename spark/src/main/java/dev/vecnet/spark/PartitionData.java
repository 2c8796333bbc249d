package dev.vecnet.spark;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.vecnet.data.Dataset;
import org.apache.spark.ml.linalg.Vector;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The examples of one Spark partition in vecnet's layout: features {@code [n][featureCount]} row-major and
 * labels {@code [n]}, built once when the training data are cached and then read by every step.
 * Immutable after construction; serializable so that Spark may spill or move it.
 */
@DefaultSerializer(JavaSerializer.class)
final class PartitionData implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] features;
    private final int[] labels;
    private final int featureCount;
    private final int classCount;

    private PartitionData(float[] features, int[] labels, int featureCount, int classCount) {
        this.features = features;
        this.labels = labels;
        this.featureCount = featureCount;
        this.classCount = classCount;
    }

    /** Accumulates checked examples; one per partition, on the executor thread that builds it. */
    static final class Builder {
        private final int featureCount;
        private final int classCount;
        /** Index of the first example in the whole training data, for messages. */
        private final long first;
        private float[] features;
        private int[] labels;
        private int size;

        Builder(int featureCount, int classCount) {
            this(featureCount, classCount, 0);
        }

        Builder(int featureCount, int classCount, long first) {
            this.featureCount = featureCount;
            this.classCount = classCount;
            this.first = first;
            this.features = new float[16 * featureCount];
            this.labels = new int[16];
        }

        void add(Vector x, double label) {
            if (x.size() != featureCount) {
                throw new IllegalArgumentException("example " + (first + size) + " of the training data has " + x.size()
                        + " features, the network " + featureCount + " inputs");
            }
            if (label != Math.rint(label) || label < 0 || label >= classCount) {
                throw new IllegalArgumentException("example " + (first + size) + " of the training data has label " + label
                        + ", expected a whole number in [0, " + classCount + ")");
            }
            if (size == labels.length) {
                labels = Arrays.copyOf(labels, 2 * size);
                features = Arrays.copyOf(features, 2 * size * featureCount);
            }
            int off = size * featureCount;
            for (int j = 0; j < featureCount; j++) {
                double v = x.apply(j);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("example " + (first + size) + " of the training data has a non-finite feature "
                            + j + ": " + v);
                }
                features[off + j] = (float) v;
            }
            labels[size++] = (int) label;
        }

        PartitionData build() {
            return new PartitionData(Arrays.copyOf(features, size * featureCount), Arrays.copyOf(labels, size),
                    featureCount, classCount);
        }
    }

    /**
     * The examples of {@code parts} one after the other.
     *
     * @param parts blocks of one feature and class count, at least one; not modified
     * @return a new block (the only part itself when there is one)
     */
    static PartitionData concat(List<PartitionData> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = 0;
        for (PartitionData p : parts) {
            n = Math.addExact(n, p.size());
        }
        PartitionData head = parts.get(0);
        float[] features = new float[Math.multiplyExact(n, head.featureCount)];
        int[] labels = new int[n];
        int at = 0;
        for (PartitionData p : parts) {
            System.arraycopy(p.features, 0, features, at * head.featureCount, p.features.length);
            System.arraycopy(p.labels, 0, labels, at, p.labels.length);
            at += p.size();
        }
        return new PartitionData(features, labels, head.featureCount, head.classCount);
    }

    /** Examples in the partition. */
    int size() {
        return labels.length;
    }

    /** A core data set backed by these arrays (no copy); callers do not modify it. */
    Dataset dataset() {
        return Dataset.ofLabels(features, featureCount, labels, classCount);
    }
}
