package dev.vecnet.spark;

import dev.vecnet.data.Dataset;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The examples of one Spark partition in vecnet's layout: features {@code [n][featureCount]} row-major and
 * labels {@code [n]}, built once when the training data are cached and then read by every step.
 * Immutable after construction; serializable so that Spark may spill or move it.
 */
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

    /**
     * Copies the rows of one partition, checking each: the feature vector must have {@code featureCount}
     * finite entries and the label must be a whole number in {@code [0, classCount)}. The arrays grow by
     * doubling while rows arrive, then are trimmed.
     *
     * @param rows          the partition's rows; consumed
     * @param featuresIndex index of the vector column in each row
     * @param labelIndex    index of the numeric label column in each row
     * @param featureCount  the network's input size
     * @param classCount    the network's output size
     * @return the partition's examples
     * @throws IllegalArgumentException naming the first bad row
     */
    static PartitionData fromRows(Iterator<Row> rows, int featuresIndex, int labelIndex, int featureCount,
                                  int classCount) {
        Builder b = new Builder(featureCount, classCount);
        while (rows.hasNext()) {
            Row row = rows.next();
            if (row.isNullAt(featuresIndex) || row.isNullAt(labelIndex)) {
                throw new IllegalArgumentException("row " + b.size + " of the partition has a null feature vector or label");
            }
            b.add(row.<Vector>getAs(featuresIndex), ((Number) row.get(labelIndex)).doubleValue());
        }
        return b.build();
    }

    /** Accumulates checked examples; one per partition, on the executor thread that builds it. */
    static final class Builder {
        private final int featureCount;
        private final int classCount;
        private float[] features;
        private int[] labels;
        private int size;

        Builder(int featureCount, int classCount) {
            this.featureCount = featureCount;
            this.classCount = classCount;
            this.features = new float[16 * featureCount];
            this.labels = new int[16];
        }

        void add(Vector x, double label) {
            if (x.size() != featureCount) {
                throw new IllegalArgumentException("example " + size + " of the partition has " + x.size()
                        + " features, the network " + featureCount + " inputs");
            }
            if (label != Math.rint(label) || label < 0 || label >= classCount) {
                throw new IllegalArgumentException("example " + size + " of the partition has label " + label
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
                    throw new IllegalArgumentException("example " + size + " of the partition has a non-finite feature "
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

    /** Examples in the partition. */
    int size() {
        return labels.length;
    }

    /** A core data set backed by these arrays (no copy); callers do not modify it. */
    Dataset dataset() {
        return Dataset.ofLabels(features, featureCount, labels, classCount);
    }
}
