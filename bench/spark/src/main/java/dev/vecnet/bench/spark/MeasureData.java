package dev.vecnet.bench.spark;

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

/**
 * Examples of the measurements, as a vecnet data set or a DataFrame: the same conversions as the spark module's
 * test helper {@code TestData}, which stays in that module's test tree for its tests.
 */
final class MeasureData {
    final float[] features;
    final int[] labels;
    final int featureCount;

    /** Existing examples (kept, not copied). */
    MeasureData(float[] features, int[] labels, int featureCount) {
        this.features = features;
        this.labels = labels;
        this.featureCount = featureCount;
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
