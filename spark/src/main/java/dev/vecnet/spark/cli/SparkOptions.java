package dev.vecnet.spark.cli;

import dev.vecnet.cli.NamedChoice;
import dev.vecnet.cli.PreparedData;
import dev.vecnet.cli.UsageException;

import dev.vecnet.data.Dataset;
import dev.vecnet.spark.SparkTrainer;
import dev.vecnet.spark.SyncMode;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The Spark launcher's options of {@code train}: the partitions of the training part, the synchronisation mode and
 * the checkpoints ({@link MasterOption} is the master); and the refusal of options of {@code ./vecnet} that have no
 * meaning on Spark. Filled in by picocli; not thread-safe.
 */
final class SparkOptions {

    /** Converts synchronisation mode names ({@code exact}, {@code local-sgd}). */
    static final class SyncConverter extends NamedChoice<SyncMode> {
        /** Picocli's entry point. */
        public SyncConverter() {
            super(SyncMode.class);
        }
    }

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of the training part: the data parallelism. Default: the master's default "
                    + "parallelism.")
    Integer partitions;

    @Option(names = "--sync", paramLabel = "MODE", defaultValue = "local-sgd", converter = SyncConverter.class,
            description = "exact (one optimizer step per Spark job on the combined gradient) or local-sgd (--sync-every "
                    + "local steps per partition, then the parameters and optimizer state are averaged). "
                    + "Default: ${DEFAULT-VALUE}.")
    SyncMode sync;

    @Option(names = "--sync-every", paramLabel = "K", defaultValue = "10",
            description = "local-sgd: local steps per partition between averages. Default: ${DEFAULT-VALUE}.")
    int syncEvery;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Write a checkpoint (parameters and optimizer state) every --checkpoint-every rounds into "
                    + "DIR, any Hadoop path (file:, hdfs:, s3a:, ...), created when missing.")
    String checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "1",
            description = "Rounds between checkpoints. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--resume",
            description = "Start from the latest checkpoint in --checkpoint DIR (from the start when it holds none). "
                    + "The data, options and partitions must be those of the run that wrote it.")
    boolean resume;

    /**
     * Fails when one of {@code options} was given on the command line: they exist for {@code ./vecnet} but cannot
     * apply on Spark.
     *
     * @param why the reason, completing "OPTION does not apply on Spark: "
     * @throws UsageException naming the first such option given
     */
    static void refuse(CommandSpec spec, String why, String... options) {
        for (String option : options) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UsageException(option + " does not apply on Spark: " + why);
            }
        }
    }

    /** The training part in memory (a shipped data set's, or a search's local CSV file's). */
    static Dataset inMemory(PreparedData prepared, String data) {
        if (prepared.train() instanceof Dataset d) {
            return d;
        }
        throw new UsageException("--data " + data + ": " + SparkInput.ACCEPTED_BY_SEARCH);
    }

    /**
     * Applies {@code --checkpoint}, {@code --checkpoint-every} and {@code --resume} to {@code builder}.
     *
     * @throws UsageException for {@code --checkpoint-every} below 1, or {@code --resume} without {@code --checkpoint}
     */
    SparkTrainer.Builder checkpoints(SparkTrainer.Builder builder) {
        if (checkpointEvery < 1) {
            throw new UsageException("--checkpoint-every must be >= 1, was " + checkpointEvery);
        }
        if (resume && checkpoint == null) {
            throw new UsageException("--resume needs --checkpoint DIR, the folder of the checkpoints to resume from");
        }
        return checkpoint == null ? builder : builder.checkpoints(checkpoint, checkpointEvery).resume(resume);
    }

    /** The local steps per round. */
    int syncEvery() {
        if (syncEvery < 1) {
            throw new UsageException("--sync-every must be >= 1, was " + syncEvery);
        }
        return syncEvery;
    }

    /** The partitions to spread {@code examples} over: {@code --partitions}, or the master's default parallelism. */
    int partitions(SparkSession spark, int examples) {
        int n = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
        if (n < 1 || n > examples) {
            throw new UsageException("--partitions must be from 1 to the " + examples + " training examples, was " + n);
        }
        return n;
    }

    /** Checks {@code --partitions} before anything starts (the default is checked once the session is up). */
    void checkPartitions() {
        if (partitions != null && partitions < 1) {
            throw new UsageException("--partitions must be >= 1, was " + partitions);
        }
    }

    /**
     * The examples as a DataFrame ({@code features} vector, {@code label} double) of {@code partitions} partitions
     * of consecutive rows, as {@code parallelize} slices a list: partition {@code p} holds rows
     * {@code [p n / P, (p + 1) n / P)}.
     */
    static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset d, int partitions) {
        List<Row> rows = new ArrayList<>(d.size());
        int f = d.featureCount();
        for (int i = 0; i < d.size(); i++) {
            double[] x = new double[f];
            for (int j = 0; j < f; j++) {
                x[j] = d.features()[i * f + j];
            }
            rows.add(RowFactory.create(Vectors.dense(x), (double) d.labels()[i]));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType()).add("label", DataTypes.DoubleType);
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows,
                partitions), schema);
    }

    /** The sizes of the partitions {@link #frame} makes. */
    static List<Integer> partitionSizes(int examples, int partitions) {
        List<Integer> sizes = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            sizes.add((int) ((p + 1L) * examples / partitions - p * (long) examples / partitions));
        }
        return sizes;
    }
}
