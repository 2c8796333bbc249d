package dev.vecnet.spark.cli;

import dev.vecnet.cli.CommandFailedException;
import dev.vecnet.cli.EpochTable;
import dev.vecnet.cli.NamedChoice;
import dev.vecnet.cli.Output;
import dev.vecnet.cli.PreparedData;
import dev.vecnet.cli.StoredModel;
import dev.vecnet.cli.TrainCommand;
import dev.vecnet.cli.TrainingRun;
import dev.vecnet.cli.UsageException;

import dev.vecnet.nn.Architecture;
import dev.vecnet.data.Dataset;
import dev.vecnet.data.Preprocessor;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.spark.FitSummary;
import dev.vecnet.spark.SparkTrainer;
import dev.vecnet.spark.SyncMode;
import dev.vecnet.train.FitSettings;
import dev.vecnet.train.TrainingDivergedException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code vecnet-spark train}: {@code ./vecnet train} with the training on a Spark master. The options and output
 * (epoch table, test accuracy line, model file, history CSVs, charts) are those of {@link TrainCommand}; the fit is
 * a {@link SparkTrainer} over the training part spread over {@code --partitions} partitions, with the schedule of the
 * local command and optional checkpoints. A shipped data set is prepared on the driver as the local command
 * prepares it (same split, validation on the driver, early stopping); a CSV or Parquet path is read, split,
 * standardised and evaluated by the executors ({@link ClusterData}). {@code --threads} and {@code --slices} are
 * refused, and IDX and {@code .vecdata} files. Not thread-safe; one call per instance.
 */
@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Train a network on a Spark master; write the model, its history (CSV) and charts (PNG).",
        footer = {"", "Architecture spec: " + Architecture.GRAMMAR + ", e.g. 64-128relu-bn-64relu-dropout0.3-10.",
                "", "--data on Spark: " + SparkInput.ACCEPTED + ".",
                "", "Writes into the output folder: model.safetensors, history-epochs.csv, history-iterations.csv "
                + "(one row per round), loss.png, accuracy.png."})
final class SparkTrainCommand extends TrainCommand {
    @Mixin
    MasterOption master;
    @Mixin
    SparkOptions spark;

    @Spec
    CommandSpec commandSpec;

    /** A command writing to {@code output}. */
    SparkTrainCommand(Output output) {
        super(output);
    }

    @Override
    protected String execution() {
        return "on Spark";
    }

    @Override
    public Integer call() {
        SparkOptions.refuse(commandSpec, "each partition's steps run on one executor thread; use --partitions "
                + "and the master's cores", "--threads", "--slices");
        master.logLevel();
        spark.checkpoints(SparkTrainer.builder());
        spark.checkPartitions();
        if (SparkInput.isShipped(data.data())) {
            return trainShipped();
        }
        SparkInput.refuseUnreadable(data.data(), SparkInput.ACCEPTED);
        return trainOnCluster();
    }

    /** A shipped data set: prepared on the driver as ./vecnet train prepares it, the training part sent in tasks. */
    private int trainShipped() {
        PreparedData prepared = PreparedData.prepare(data, !noStandardize);
        Dataset train = SparkOptions.inMemory(prepared, data.data());
        Architecture spec = network.architecture(prepared);
        int batch = fit.batchSize();
        float rate = learningRate.value(optimizer);
        fit.settings(prepared.validationOrNull(), null, data.seed());   // checks the options before the session starts
        Network net = network.build(spec, l2.value(), batch, data.seed());
        checkOptimizer(rate);
        SparkSession session = master.session("vecnet-spark train");
        try {
            int partitions = spark.partitions(session, train.size());
            long stepsPerEpoch = SparkTrainer.stepsPerEpoch(SparkOptions.partitionSizes(train.size(), partitions),
                    batch, spark.sync);
            LearningRateSchedule rates = schedule.create(rate, stepsPerEpoch * fit.epochs());
            // Every option is checked above this line, so a usage error leaves no empty output folder behind.
            Path dir = out.create(prepared.name());
            describe(output.out(), prepared, spec, net, rate);
            printSpark(session, partitions);
            runSanityChecks(output.out(), prepared, spec, batch, rate);
            SparkEpochTable table = new SparkEpochTable(output.out(), net, train, fit.epochs(), rates, stepsPerEpoch);
            return fitAndWrite(dir, net, spec, rate, SparkOptions.frame(session, train, partitions), partitions,
                    fit.settings(prepared.validationOrNull(), rates, data.seed()), table, prepared.name(),
                    prepared.preprocessor(), seconds -> reportTest(output.out(), net, prepared.test(), seconds, null));
        } finally {
            session.stop();
        }
    }

    /**
     * A CSV or Parquet path: read, split, standardised and evaluated on the executors ({@link ClusterData},
     * {@link ClusterEvaluator}); the driver holds the network, the statistics and the scores.
     */
    private int trainOnCluster() {
        SparkOptions.refuse(commandSpec, "with data read by the executors the checks would need the training part on "
                + "the driver; run them with ./vecnet train on a sample", "--sanity-checks");
        if (fit.patience() > 0) {
            throw new UsageException("--patience: early stopping is not available for data read by the executors "
                    + "(the validation part is evaluated on the cluster after each epoch and printed); choose --epochs");
        }
        double[] fractions = data.heldOutFractions();
        double validationFraction = fractions[0];
        double testFraction = fractions[1];
        int batch = fit.batchSize();
        float rate = learningRate.value(optimizer);
        fit.settings(null, null, data.seed());
        checkOptimizer(rate);
        SparkSession session = master.session("vecnet-spark train");
        try {
            ClusterData cluster;
            try {
                cluster = ClusterData.read(session, data.data(), SparkInput.shortName(data.data()),
                        data.label(), validationFraction, testFraction, data.seed(),
                        !noStandardize);
            } catch (Exception e) {   // Spark's job failures are checked exceptions Java does not see declared
                throw jobFailure(e);
            }
            try {
                PreparedData shape = cluster.shape();
                Architecture spec = network.architecture(shape);
                Network net = network.build(spec, l2.value(), batch, data.seed());
                int partitions = spark.partitions(session, cluster.trainCount());
                org.apache.spark.sql.Dataset<Row> frame = cluster.trainFrame(session, partitions);
                long stepsPerEpoch = SparkTrainer.stepsPerEpoch(ClusterData.partitionSizes(frame), batch, spark.sync);
                LearningRateSchedule rates = schedule.create(rate, stepsPerEpoch * fit.epochs());
                Path dir = out.create(shape.name());
                describeCounts(shape, spec, net, rate, cluster.statistics());
                printSpark(session, partitions);
                int classes = shape.classes();
                SparkEpochTable table = new SparkEpochTable(output.out(),
                        () -> ClusterEvaluator.evaluate(net, cluster.train(), classes),
                        cluster.statistics().count(Example.VALIDATION) == 0 ? null
                                : () -> ClusterEvaluator.evaluate(net, cluster.validation(), classes),
                        fit.epochs(), rates, stepsPerEpoch);
                return fitAndWrite(dir, net, spec, rate, frame, partitions, fit.settings(null, rates, data.seed()), table,
                        shape.name(), cluster.preprocessor(), seconds -> {
                            if (cluster.statistics().count(Example.TEST) == 0) {
                                return reportTest(output.out(), net, shape.test(), seconds, null);
                            }
                            ClusterEvaluator.Score test = ClusterEvaluator.evaluate(net, cluster.test(), classes);
                            output.out().printf(Locale.ROOT, "test accuracy: %.2f%% (%d of %d examples); trained in "
                                    + "%.1f s%n", 100 * test.accuracy(), test.correct(), test.examples(), seconds);
                            return test.accuracy();
                        });
            } finally {
                cluster.release();
            }
        } finally {
            session.stop();
        }
    }

    /**
     * The exception to report for a failed Spark job: for a bad row (an {@link IllegalArgumentException} from a
     * task, kept as the cause in local mode) the task's message naming the value, without Spark's stage report.
     */
    private RuntimeException jobFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return new CommandFailedException("--data " + data.data() + ": " + t.getMessage(), e);
            }
        }
        return e instanceof RuntimeException r ? r : new CommandFailedException(e.getMessage(), e);
    }

    /** Checks the optimizer and schedule settings before the session starts. */
    private void checkOptimizer(float rate) {
        optimizer.create(rate);
        schedule.create(rate, 1);
    }

    /** The command line's description, its data line with the parts' sizes as the cluster counted them. */
    private void describeCounts(PreparedData shape, Architecture spec, Network net, float rate, PartStatistics counts) {
        StringWriter text = new StringWriter();
        describe(new PrintWriter(text), shape, spec, net, rate);
        String described = text.toString();
        String rest = described.substring(described.indexOf('\n') + 1);
        output.out().printf(Locale.ROOT, "data     %s: %d training, %d validation, %d test examples; %d features, "
                        + "%d classes%s; read, split and standardised on the executors%n", shape.name(),
                counts.count(Example.TRAIN), counts.count(Example.VALIDATION), counts.count(Example.TEST),
                shape.features(), shape.classes(), shape.preprocessor() == null ? "" : "; standardised");
        output.out().print(rest);
    }

    private void printSpark(SparkSession session, int partitions) {
        output.out().printf(Locale.ROOT, "spark    %s, %d partitions of the training part, %s%n",
                session.sparkContext().master(), partitions, NamedChoice.nameOf(spark.sync)
                        + (spark.sync == SyncMode.LOCAL_SGD ? " every " + spark.syncEvery() + " local steps" : ""));
    }

    /**
     * The fit on {@code frame}, the early-stopping and test lines, the model file (with {@code preprocessor}), the
     * history and charts, and the list of files written into {@code dir} (removed when the fit fails).
     */
    private int fitAndWrite(Path dir, Network net, Architecture spec, float rate, org.apache.spark.sql.Dataset<Row> frame,
                            int replicas, FitSettings settings, SparkEpochTable table, String name, Preprocessor preprocessor,
                            DoubleUnaryOperator test) {
        PrintWriter log = output.out();
        log.println(EpochTable.HEADER);
        log.flush();
        long start = System.nanoTime();
        double testAccuracy;
        try {
            // One replica per --partitions, as the schedule and the epoch table were sized.
            FitSummary summary = spark.checkpoints(SparkTrainer.builder()).settings(settings).numReplicas(replicas)
                    .sync(spark.sync).syncEvery(spark.syncEvery()).listener(table).build()
                    .fit(net, frame, "features", "label", optimizer::create, rate);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (summary.bestEpoch() >= 0) {
                log.printf(Locale.ROOT, "early stopping kept the weights of epoch %d%n", summary.bestEpoch() + 1);
            }
            testAccuracy = test.applyAsDouble(seconds);
            printDiagnosis(log, summary.diagnosis(), "the loss and validation curves");
        } catch (TrainingDivergedException e) {
            throw cleanUp(TrainingRun.diverged(e, TrainingRun.TRAIN_ADVICE), dir);
        } catch (Exception e) {   // also Spark's job failures, checked exceptions Java does not see declared
            throw cleanUp(jobFailure(e), dir);
        }
        new StoredModel(net, preprocessor).save(dir.resolve(MODEL_FILE));
        table.write(dir, name + ", " + spec + ", " + optimizer.describe(rate) + ", " + schedule.describe() + ", "
                + execution(), testAccuracy);
        printWritten(log, dir);
        log.flush();
        return 0;
    }
}
