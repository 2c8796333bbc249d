package dev.vecnet.spark;

import dev.vecnet.data.Datasets;
import dev.vecnet.data.Preprocessing;
import dev.vecnet.data.Preprocessor;
import dev.vecnet.data.Split;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Gaussian blobs: class {@code c} has a random centre, examples are the centre plus unit noise. */
final class TestData {
    final float[] features;
    final int[] labels;
    final int featureCount;

    TestData(int n, int featureCount, int classes, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[classes][featureCount];
        for (double[] c : centres) {
            for (int j = 0; j < featureCount; j++) {
                c[j] = spread * (random.nextDouble() * 2 - 1);
            }
        }
        this.featureCount = featureCount;
        features = new float[n * featureCount];
        labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
            for (int j = 0; j < featureCount; j++) {
                features[i * featureCount + j] = (float) (centres[labels[i]][j] + gaussian(random));
            }
        }
    }

    /** Existing examples (kept, not copied). */
    TestData(float[] features, int[] labels, int featureCount) {
        this.features = features;
        this.labels = labels;
        this.featureCount = featureCount;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    dev.vecnet.data.Dataset dataset(int classes) {
        return dev.vecnet.data.Dataset.ofLabels(features, featureCount, labels, classes);
    }

    /** The examples in order as a DataFrame of {@code partitions} contiguous partitions (no shuffle). */
    Dataset<Row> frame(SparkSession spark, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            double[] x = new double[featureCount];
            for (int j = 0; j < featureCount; j++) {
                x[j] = features[i * featureCount + j];
            }
            rows.add(RowFactory.create(Vectors.dense(x), (double) labels[i]));
        }
        StructType schema = new StructType()
                .add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType);
        return spark.createDataFrame(
                new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).parallelize(rows, partitions),
                schema);
    }

    /** Floats of {@code x} as doubles, for Spark vectors. */
    static double[] toDouble(float[] x, int from, int count) {
        double[] out = new double[count];
        for (int j = 0; j < count; j++) {
            out[j] = x[from + j];
        }
        return out;
    }

    /**
     * The digits recipe's data (the core's end-to-end test): a stratified 75/25 split with seed 42, standardised with
     * the training part's statistics.
     *
     * @return the training part and the test part
     */
    static dev.vecnet.data.Dataset[] digitsSplit() {
        Split split = Split.stratified(Datasets.digits(), 0.75, 0, 42);
        Preprocessor standardize = Preprocessing.standardize().fit(split.train());
        return new dev.vecnet.data.Dataset[] {standardize.apply(split.train()), standardize.apply(split.test())};
    }
}
