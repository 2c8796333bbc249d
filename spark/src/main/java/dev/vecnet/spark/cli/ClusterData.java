package dev.vecnet.spark.cli;

import dev.vecnet.cli.CommandFailedException;
import dev.vecnet.cli.PreparedData;
import dev.vecnet.cli.UsageException;

import dev.vecnet.data.Examples;
import dev.vecnet.data.Preprocessor;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A CSV or Parquet data set read, split and standardised by the executors; the driver holds only its schema and
 * the statistics of one aggregation ({@link PartStatistics}).
 *
 * <p>The split is seeded and done where the rows are: row {@code i} of input partition {@code q} draws
 * {@code u} from a {@code SplittableRandom} seeded {@code seed + q * 0x9E3779B97F4A7C15} and goes to the training
 * part when {@code u < 1 - v - t}, to validation when {@code u < 1 - t}, else to test ({@code v, t} the fractions):
 * the same input files, partitioning and seed give the same parts. Unlike the local command's split it is not
 * stratified by class, so the parts' sizes are the fractions only in expectation. The standardisation is that of
 * {@code ./vecnet train}: mean and population standard deviation of each feature over the training part (in double
 * precision; the local command sums in another order, so the last float bit may differ), applied to every part and
 * stored in the model file.
 *
 * <p>The standardised parts are cached on the executors ({@code MEMORY_AND_DISK}) until {@link #release}. Used
 * on the driver thread; not thread-safe.
 *
 * @param name         the data set's short name
 * @param train        the standardised training part
 * @param validation   the standardised validation part
 * @param test         the standardised test part
 * @param statistics   the counts, classes and features
 * @param preprocessor the standardisation, or null when switched off
 */
record ClusterData(String name, JavaRDD<Example> train, JavaRDD<Example> validation, JavaRDD<Example> test,
                   PartStatistics statistics, Preprocessor preprocessor) {

    private static final long SPREAD = 0x9E3779B97F4A7C15L;

    /**
     * Reads {@code path}, splits it and (when {@code standardize}) standardises it: one job, the aggregation.
     *
     * @throws UsageException         when a part with a fraction above 0, or the training part, is empty
     * @throws CommandFailedException when the labels hold fewer than 2 classes
     */
    static ClusterData read(SparkSession spark, String path, String name, String label, double validationFraction,
                            double testFraction, long seed, boolean standardize) {
        Dataset<Row> rows = SparkInput.read(spark, path);
        RowReader reader = SparkInput.columns(rows.schema(), label, path);
        double trainBelow = 1 - validationFraction - testFraction;
        double validationBelow = 1 - testFraction;
        JavaRDD<Example> tagged = rows.javaRDD().mapPartitionsWithIndex((index, it) -> {
            SplittableRandom random = new SplittableRandom(seed + index * SPREAD);
            return map(it, row -> {
                double u = random.nextDouble();
                byte part = u < trainBelow ? Example.TRAIN : u < validationBelow ? Example.VALIDATION : Example.TEST;
                return new Example(part, reader.features(row), reader.label(row));
            });
        }, true).persist(StorageLevel.MEMORY_AND_DISK());
        PartStatistics statistics = tagged.treeAggregate(new PartStatistics(), PartStatistics::add,
                PartStatistics::merge);
        long train = statistics.count(Example.TRAIN);
        long validation = statistics.count(Example.VALIDATION);
        long test = statistics.count(Example.TEST);
        if (train == 0 || (validationFraction > 0 && validation == 0) || (testFraction > 0 && test == 0)) {
            tagged.unpersist(false);
            throw new UsageException("--data " + path + ": the split gave " + train + " training, " + validation
                    + " validation and " + test + " test examples; the training part and each part with a fraction "
                    + "above 0 need rows: give more data, or lower the fractions (0 leaves a part out)");
        }
        if (statistics.classes() < 2) {
            tagged.unpersist(false);
            throw new CommandFailedException(path + ": the label column '" + reader.labelName() + "' holds only class "
                    + "0; a classifier needs examples of at least 2 classes");
        }
        Preprocessor p = standardize ? statistics.standardizer() : null;
        // The state, not the preprocessor, travels with the tasks: a plain map of two float arrays.
        HashMap<String, float[]> state = p == null ? null : new HashMap<>(p.state());
        ClusterData data = new ClusterData(name, part(tagged, Example.TRAIN, state),
                part(tagged, Example.VALIDATION, state), part(tagged, Example.TEST, state), statistics, p);
        tagged.unpersist(false);
        return data;
    }

    private static JavaRDD<Example> part(JavaRDD<Example> tagged, byte part, Map<String, float[]> state) {
        JavaRDD<Example> rows = tagged.filter(e -> e.part() == part);
        if (state != null) {
            rows = rows.mapPartitions(it -> {
                Preprocessor p = Preprocessor.fromState("standardize", state);
                return map(it, e -> {
                    float[] x = e.features().clone();
                    p.applyInPlace(x, 0, 1, x.length);
                    return new Example(part, x, e.label());
                });
            });
        }
        rows.persist(StorageLevel.MEMORY_AND_DISK());
        rows.count();   // fills the cache while the tagged rows are still cached
        return rows;
    }

    /**
     * The data's shape as the command line's option classes take it (architecture, description): the counts,
     * features, classes and standardisation, with parts that hold no rows on the driver.
     */
    PreparedData shape() {
        int features = statistics.features();
        int classes = statistics.classes();
        Examples counted = new Examples() {
            @Override
            public long count() {
                return statistics.count(Example.TRAIN);
            }

            @Override
            public int featureCount() {
                return features;
            }

            @Override
            public boolean hasLabels() {
                return true;
            }

            @Override
            public int classCount() {
                return classes;
            }

            @Override
            public int targetCount() {
                return 0;
            }

            @Override
            public void gather(long[] rows, int n, float[] x, int[] labels, float[] targets) {
                throw new UnsupportedOperationException("the training part is on the executors");
            }
        };
        dev.vecnet.data.Dataset none = dev.vecnet.data.Dataset.ofLabels(new float[0], features, new int[0], classes);
        return new PreparedData(name, counted, none, none, preprocessor);
    }

    /** Examples in the training part, as an int (a fit takes at most 2^31 - 1). */
    int trainCount() {
        return Math.toIntExact(statistics.count(Example.TRAIN));
    }

    /**
     * The training part as the trainer takes it: {@code features} vector and {@code label} double, spread over
     * {@code partitions} partitions by Spark's shuffle (executor to executor).
     */
    Dataset<Row> trainFrame(SparkSession spark, int partitions) {
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        JavaRDD<Row> rows = train.repartition(partitions).map(e -> {
            double[] x = new double[e.features().length];
            for (int j = 0; j < x.length; j++) {
                x[j] = e.features()[j];
            }
            return RowFactory.create(Vectors.dense(x), (double) e.label());
        });
        return spark.createDataFrame(rows, schema);
    }

    /** The examples of each partition of {@code frame}, in partition order (one small job). */
    static List<Integer> partitionSizes(Dataset<Row> frame) {
        return frame.javaRDD().mapPartitions(it -> {
            int n = 0;
            for (; it.hasNext(); it.next()) {
                n++;
            }
            return List.of(n).iterator();
        }).collect();
    }

    /** Drops the cached parts from the executors. */
    void release() {
        train.unpersist(false);
        validation.unpersist(false);
        test.unpersist(false);
    }

    /** A serializable one-argument function, for the lazy mapping of a partition's iterator. */
    @FunctionalInterface
    interface RowFunction<A, B> extends java.io.Serializable {
        /** The image of {@code a}. */
        B apply(A a);
    }

    /** {@code it} mapped lazily through {@code f}: a partition is never held whole. */
    private static <A, B> Iterator<B> map(Iterator<A> it, RowFunction<A, B> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public B next() {
                return f.apply(it.next());
            }
        };
    }
}
