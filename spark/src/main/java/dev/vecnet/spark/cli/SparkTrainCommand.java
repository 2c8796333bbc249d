package dev.vecnet.spark.cli;

import dev.vecnet.cli.EpochTable;
import dev.vecnet.cli.NamedChoice;
import dev.vecnet.cli.Output;
import dev.vecnet.cli.PreparedData;
import dev.vecnet.cli.StoredModel;
import dev.vecnet.cli.TrainCommand;
import dev.vecnet.cli.TrainingRun;

import dev.vecnet.nn.Architecture;
import dev.vecnet.data.Dataset;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.spark.FitSummary;
import dev.vecnet.spark.SparkTrainer;
import dev.vecnet.spark.SyncMode;
import dev.vecnet.train.TrainingDivergedException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code vecnet-spark train}: {@code ./vecnet train} with the training on a Spark master. The options, data
 * preparation (split, standardisation), output (epoch table, test accuracy line, model file, history CSVs,
 * charts) are those of {@link TrainCommand}; the fit is a {@link SparkTrainer} over the training part spread over
 * {@code --partitions} partitions, with the schedule, validation part and early stopping of the local command.
 * {@code --threads} and {@code --slices} are refused. Not thread-safe; one call per instance.
 */
@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Train a network on a Spark master; write the model, its history (CSV) and charts (PNG).",
        footer = {"", "Architecture spec: " + Architecture.GRAMMAR + ", e.g. 64-128relu-bn-64relu-dropout0.3-10.",
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
        PrintWriter log = output.out();
        PreparedData prepared = PreparedData.prepare(data, !noStandardize);
        Dataset train = SparkOptions.inMemory(prepared, data.data());
        Architecture spec = network.architecture(prepared);
        int batch = fit.batchSize();
        int epochs = fit.epochs();
        float rate = learningRate.value(optimizer);
        int syncEvery = spark.syncEvery();
        spark.checkPartitions();
        fit.settings(prepared.validationOrNull(), null, data.seed());   // checks the options before the session starts
        Network net = network.build(spec, l2.value(), batch, data.seed());
        optimizer.create(rate);   // checks the optimizer settings
        schedule.create(rate, 1);  // checks the schedule settings before the session starts
        SparkSession session = master.session("vecnet-spark train");
        try {
            int partitions = spark.partitions(session, train.size());
            long stepsPerEpoch = SparkTrainer.stepsPerEpoch(SparkOptions.partitionSizes(train.size(), partitions),
                    batch, spark.sync);
            LearningRateSchedule rates = schedule.create(rate, stepsPerEpoch * epochs);
            // Every option is checked above this line, so a usage error leaves no empty output folder behind.
            Path dir = out.create(prepared.name());
            describe(log, prepared, spec, net, rate);
            log.printf(Locale.ROOT, "spark    %s, %d partitions of the training part, %s%n",
                    session.sparkContext().master(), partitions, NamedChoice.nameOf(spark.sync)
                            + (spark.sync == SyncMode.LOCAL_SGD ? " every " + syncEvery + " local steps" : ""));
            runSanityChecks(log, prepared, spec, batch, rate);
            log.println(EpochTable.HEADER);
            log.flush();
            SparkEpochTable table = new SparkEpochTable(log, net, train, epochs, rates, stepsPerEpoch);
            long start = System.nanoTime();
            double testAccuracy;
            try {
                FitSummary summary = SparkTrainer.builder()
                        .settings(fit.settings(prepared.validationOrNull(), rates, data.seed()))
                        .sync(spark.sync).syncEvery(syncEvery).listener(table).build()
                        .fit(net, SparkOptions.frame(session, train, partitions), "features", "label", optimizer::create,
                                rate);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (summary.bestEpoch() >= 0) {
                    log.printf(Locale.ROOT, "early stopping kept the weights of epoch %d%n", summary.bestEpoch() + 1);
                }
                testAccuracy = reportTest(log, net, prepared.test(), seconds, null);
                printDiagnosis(log, summary.diagnosis(), "the loss and validation curves");
            } catch (TrainingDivergedException e) {
                throw cleanUp(TrainingRun.diverged(e, TrainingRun.TRAIN_ADVICE), dir);
            } catch (RuntimeException e) {
                throw cleanUp(e, dir);
            }
            new StoredModel(net, prepared.preprocessor()).save(dir.resolve(MODEL_FILE));
            table.write(dir, prepared.name() + ", " + spec + ", " + optimizer.describe(rate) + ", " + schedule.describe()
                    + ", " + execution(), testAccuracy);
            printWritten(log, dir);
            log.flush();
            return 0;
        } finally {
            session.stop();
        }
    }
}
