package dev.vecnet.spark.cli;

import dev.vecnet.data.CsvLoader;
import dev.vecnet.data.Dataset;
import dev.vecnet.data.Preprocessing;
import dev.vecnet.data.Preprocessor;
import dev.vecnet.data.Split;
import dev.vecnet.format.ModelFile;
import dev.vecnet.format.SaveOptions;
import dev.vecnet.nn.Network;
import dev.vecnet.spark.FitSummary;
import dev.vecnet.spark.HiddenLayers;
import dev.vecnet.spark.OptimizerSpec;
import dev.vecnet.spark.RoundListener;
import dev.vecnet.spark.SparkTrainer;
import dev.vecnet.spark.SyncMode;
import dev.vecnet.train.Evaluator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code train}: reads a CSV file on the driver, makes a stratified train/test split, standardises with the
 * training part's statistics, trains on the Spark master with {@link SparkTrainer} (the training part spread over
 * {@code --partitions} partitions), prints one row per epoch and the test accuracy, and writes
 * {@code model.safetensors} (with the standardisation) into the output folder.
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Trains a classifier on a Spark master.")
final class SparkTrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "CSV file with a header; the label is the last column "
            + "unless --label names one")
    Path data;
    @Option(names = "--label", description = "name of the label column")
    String label;
    @Option(names = "--layers", defaultValue = "dense:64,relu", description = "hidden layers, e.g. "
            + "dense:128,batchnorm,relu,dropout:0.2 (the output layer is added); default ${DEFAULT-VALUE}")
    String layers;
    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, momentum, nesterov, adam, adamw, "
            + "rmsprop or adagrad; default ${DEFAULT-VALUE}")
    String optimizer;
    @Option(names = "--lr", defaultValue = "0.001", description = "learning rate; default ${DEFAULT-VALUE}")
    float learningRate;
    @Option(names = "--epochs", defaultValue = "10", description = "default ${DEFAULT-VALUE}")
    int epochs;
    @Option(names = "--batch", defaultValue = "32", description = "default ${DEFAULT-VALUE}")
    int batch;
    @Option(names = "--seed", defaultValue = "0", description = "default ${DEFAULT-VALUE}")
    long seed;
    @Option(names = "--test-fraction", defaultValue = "0.25", description = "held-out share; default ${DEFAULT-VALUE}")
    double testFraction;
    @Option(names = "--out", defaultValue = "runs/spark", description = "output folder; default ${DEFAULT-VALUE}")
    Path out;
    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (ignored under spark-submit, "
            + "which sets it); default ${DEFAULT-VALUE}")
    String master;
    @Option(names = "--partitions", defaultValue = "2", description = "partitions of the training data; default "
            + "${DEFAULT-VALUE}")
    int partitions;
    @Option(names = "--sync", defaultValue = "local-sgd", description = "exact or local-sgd; default ${DEFAULT-VALUE}")
    String sync;
    @Option(names = "--sync-every", defaultValue = "10", description = "local steps per round in local-sgd; default "
            + "${DEFAULT-VALUE}")
    int syncEvery;

    @Override
    public Integer call() throws Exception {
        SyncMode mode = switch (sync) {
            case "exact" -> SyncMode.EXACT;
            case "local-sgd" -> SyncMode.LOCAL_SGD;
            default -> throw new IllegalArgumentException("--sync must be exact or local-sgd, was '" + sync + "'");
        };
        OptimizerSpec spec = new OptimizerSpec(optimizer, learningRate);
        Dataset all = (label == null ? CsvLoader.lastColumnLabel() : CsvLoader.labelColumn(label)).load(data);
        Split split = Split.stratified(all, 1 - testFraction, 0, seed);
        Preprocessor standardize = Preprocessing.standardize().fit(split.train());
        Dataset train = standardize.apply(split.train());
        Dataset test = standardize.apply(split.test());
        Network.Builder builder = Network.builder(all.featureCount());
        HiddenLayers.addTo(builder, layers);
        Network net = builder.dense(all.classCount()).seed(seed).build();

        SparkSession.Builder sessionBuilder = SparkSession.builder().appName("vecnet-spark train");
        if (System.getProperty("spark.master") == null) {
            sessionBuilder.master(master);
        }
        SparkSession spark = sessionBuilder.getOrCreate();
        try {
            System.out.printf(Locale.ROOT, "%d training and %d test examples, %d features, %d classes; %s on %s, %d "
                            + "partitions%n", train.size(), test.size(), all.featureCount(), all.classCount(), sync,
                    spark.sparkContext().master(), partitions);
            System.out.println(String.format(Locale.ROOT, "%5s  %10s  %6s", "epoch", "train loss", "time"));
            EpochRows rows = new EpochRows(epochs);
            FitSummary summary = SparkTrainer.builder().epochs(epochs).batchSize(batch).seed(seed).sync(mode)
                    .syncEvery(syncEvery).listener(rows).build()
                    .fit(net, frame(spark, train, partitions), "features", "label", spec);
            Evaluator evaluator = new Evaluator(net, test);
            evaluator.evaluate();
            System.out.printf(Locale.ROOT, "test accuracy: %.2f %% (%d rounds)%n", 100 * evaluator.accuracy(),
                    summary.roundsDone());
        } finally {
            spark.stop();
        }
        Files.createDirectories(out);
        Path model = out.resolve("model.safetensors");
        ModelFile.save(model, net, SaveOptions.defaults().withPreprocessing(standardize.kind(), standardize.state()));
        System.out.println("output: " + out.toAbsolutePath());
        return 0;
    }

    /** The examples as a DataFrame of {@code partitions} contiguous partitions. */
    private static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset d, int partitions) {
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

    /** Prints a row when a round ends an epoch: the mean loss of that epoch's rounds and the epoch's time. */
    private static final class EpochRows implements RoundListener {
        private final int epochs;
        private long stepsPerEpoch;
        private long stepsPerRound;
        private long start = System.nanoTime();
        private double lossSum;
        private int rounds;

        EpochRows(int epochs) {
            this.epochs = epochs;
        }

        @Override
        public void onStart(long totalRounds, long stepsPerEpoch, long stepsPerRound) {
            this.stepsPerEpoch = stepsPerEpoch;
            this.stepsPerRound = stepsPerRound;
            start = System.nanoTime();
        }

        @Override
        public boolean onRound(long roundsDone, double meanLoss) {
            lossSum += meanLoss;
            rounds++;
            long epochBefore = (roundsDone - 1) * stepsPerRound / stepsPerEpoch;
            long epochAfter = Math.min(epochs, roundsDone * stepsPerRound / stepsPerEpoch);
            if (epochAfter > epochBefore || roundsDone * stepsPerRound >= epochs * stepsPerEpoch) {
                long now = System.nanoTime();
                System.out.printf(Locale.ROOT, "%5d  %10.4f  %5.2fs%n", Math.max(1, epochAfter), lossSum / rounds,
                        (now - start) / 1e9);
                start = now;
                lossSum = 0;
                rounds = 0;
            }
            return true;
        }
    }
}
