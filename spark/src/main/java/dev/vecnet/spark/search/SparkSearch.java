package dev.vecnet.spark.search;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import dev.vecnet.search.Configuration;
import dev.vecnet.search.Hyperparameter;
import dev.vecnet.search.HyperparameterSearch;
import dev.vecnet.search.SearchResults;
import dev.vecnet.search.SearchSpace;
import dev.vecnet.search.TrialResult;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Hyperparameter search with one Spark task per trial: the configurations are drawn on the driver exactly as
 * {@link HyperparameterSearch} draws them ({@code new Random(seed)} for random search, {@link SearchSpace#grid}
 * for grid search), trial {@code i} gets {@link HyperparameterSearch#trialSeed(long, int) trialSeed(seed, i)},
 * and the data are broadcast once. So the same seed, space and trial give the same {@link SearchResults} (and the
 * same CSV, wall times aside) as a local search. A trial that throws, or returns a non-finite metric, is recorded
 * as failed with the same reason text.
 *
 * <p>Immutable; a search runs one Spark job from the calling thread.
 *
 * @param <D> the type of the broadcast data
 */
public final class SparkSearch<D> {
    private final SparkSession spark;
    private final DataTrial<D> trial;
    private final boolean maximize;
    private final long seed;

    private SparkSearch(SparkSession spark, DataTrial<D> trial, boolean maximize, long seed) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.trial = Objects.requireNonNull(trial, "trial");
        this.maximize = maximize;
        this.seed = seed;
    }

    /**
     * A search for the largest metric (accuracy), seed 0.
     *
     * @param spark the session whose cluster runs the trials
     * @param trial the trial, shipped to the executors
     * @param <D>   the data type
     * @return a new search
     */
    public static <D> SparkSearch<D> maximizing(SparkSession spark, DataTrial<D> trial) {
        return new SparkSearch<>(spark, trial, true, 0);
    }

    /**
     * A search for the smallest metric (loss), seed 0.
     *
     * @param spark the session whose cluster runs the trials
     * @param trial the trial, shipped to the executors
     * @param <D>   the data type
     * @return a new search
     */
    public static <D> SparkSearch<D> minimizing(SparkSession spark, DataTrial<D> trial) {
        return new SparkSearch<>(spark, trial, false, 0);
    }

    /**
     * A copy with another seed.
     *
     * @param value the seed of the configurations drawn and of the trials' seeds
     * @return a new search
     */
    public SparkSearch<D> seed(long value) {
        return new SparkSearch<>(spark, trial, maximize, value);
    }

    /**
     * Runs {@code trials} configurations sampled from {@code space}, as {@link HyperparameterSearch#random}.
     *
     * @param space  the space
     * @param trials configurations to draw, {@code >= 1}
     * @param data   the data every trial reads, broadcast once
     * @return every trial, best first, failed last
     */
    public SearchResults random(SearchSpace space, int trials, D data) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, was " + trials);
        }
        Random random = new Random(seed);
        List<Configuration> configurations = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            configurations.add(space.sample(random));
        }
        return run(space, configurations, data);
    }

    /**
     * Runs every configuration of {@link SearchSpace#grid(int)}, as {@link HyperparameterSearch#grid}.
     *
     * @param space              the space
     * @param pointsPerDimension values per range dimension, {@code >= 1}
     * @param data               the data every trial reads, broadcast once
     * @return every trial, best first, failed last
     */
    public SearchResults grid(SearchSpace space, int pointsPerDimension, D data) {
        return run(space, space.grid(pointsPerDimension), data);
    }

    /**
     * A trial to run (Configuration itself is not serializable).
     *
     * @param index  the trial's index
     * @param values its configuration's values
     */
    /**
     * The search's data as broadcast: Java-serialised under any {@code spark.serializer}, so that a trial's data
     * (often records, which Kryo's field serializer cannot build) need only be {@link Serializable}.
     *
     * @param data the data
     * @param <D>  their type
     */
    @DefaultSerializer(JavaSerializer.class)
    private record Shared<D>(D data) implements Serializable {
    }

    @DefaultSerializer(JavaSerializer.class)
    private record Task(int index, LinkedHashMap<String, Object> values) implements Serializable {
    }

    /**
     * A trial's outcome on the executor.
     *
     * @param index   the trial's index
     * @param seed    the seed it received
     * @param metric  its metric, NaN when failed
     * @param failure why it failed, or null
     * @param millis  its wall time
     */
    @DefaultSerializer(JavaSerializer.class)
    private record Outcome(int index, long seed, double metric, String failure, long millis) implements Serializable {
    }

    private SearchResults run(SearchSpace space, List<Configuration> configurations, D data) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < configurations.size(); i++) {
            tasks.add(new Task(i, new LinkedHashMap<>(configurations.get(i).values())));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Shared<D>> shared = jsc.broadcast(new Shared<>(data));
        // Locals, so that the task captures the trial and the seed, not this search (which holds the session).
        DataTrial<D> function = trial;
        long searchSeed = seed;
        List<Outcome> outcomes;
        try {
            outcomes = jsc.parallelize(tasks, Math.max(1, tasks.size()))
                    .map(task -> runOne(function, task, searchSeed, shared.value().data())).collect();
        } finally {
            shared.destroy();
        }
        List<TrialResult> results = new ArrayList<>();
        for (Outcome o : outcomes) {
            results.add(new TrialResult(o.index(), configurations.get(o.index()), o.seed(), o.metric(), o.failure(),
                    o.millis()));
        }
        return new SearchResults(results, space.dimensions().stream().map(Hyperparameter::name).toList(), maximize);
    }

    private static <D> Outcome runOne(DataTrial<D> trial, Task task, long searchSeed, D data) {
        TrialResult result = TrialResult.run(task.index(), new Configuration(task.values()),
                HyperparameterSearch.trialSeed(searchSeed, task.index()), (c, seed) -> trial.run(c, seed, data));
        return new Outcome(result.index(), result.seed(), result.metric(), result.failure(), result.millis());
    }

    /**
     * The results as a DataFrame, one row per trial in the results' order (best first): {@code rank} (null for
     * failed trials), {@code trial}, one string column per hyperparameter, {@code metric} (null when failed),
     * {@code status} ({@code ok} or {@code failed: reason}), {@code seed}, {@code millis}.
     *
     * @param spark   the session to create the DataFrame in
     * @param results the results of a search
     * @param names   the hyperparameter names, e.g. from {@code space.dimensions()}
     * @return a new DataFrame
     */
    public static Dataset<Row> toDataFrame(SparkSession spark, SearchResults results, List<String> names) {
        StructType schema = new StructType().add("rank", DataTypes.IntegerType).add("trial", DataTypes.IntegerType);
        for (String name : names) {
            schema = schema.add(name, DataTypes.StringType);
        }
        schema = schema.add("metric", DataTypes.DoubleType).add("status", DataTypes.StringType)
                .add("seed", DataTypes.LongType).add("millis", DataTypes.LongType);
        List<Row> rows = new ArrayList<>();
        int rank = 1;
        for (TrialResult r : results.trials()) {
            Object[] values = new Object[names.size() + 6];
            values[0] = r.succeeded() ? rank++ : null;
            values[1] = r.index();
            Map<String, Object> config = r.configuration().values();
            for (int j = 0; j < names.size(); j++) {
                values[2 + j] = String.valueOf(config.get(names.get(j)));
            }
            values[names.size() + 2] = r.succeeded() ? r.metric() : null;
            values[names.size() + 3] = r.succeeded() ? "ok" : "failed: " + r.failure();
            values[names.size() + 4] = r.seed();
            values[names.size() + 5] = r.millis();
            rows.add(RowFactory.create(values));
        }
        return spark.createDataFrame(rows, schema);
    }
}
