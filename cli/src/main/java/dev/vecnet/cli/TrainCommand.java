package dev.vecnet.cli;

import dev.vecnet.nn.Architecture;
import dev.vecnet.data.Dataset;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.optim.Optimizer;
import dev.vecnet.train.Finding;
import dev.vecnet.train.History;
import dev.vecnet.train.TrainingListener;
import dev.vecnet.train.TrainingWarmUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code vecnet train}: loads and splits a data set, standardises it (statistics from the training part
 * only), trains a network with the chosen optimizer and schedule while printing one table row per epoch,
 * reports the test accuracy, and writes the model file, the history CSVs and two charts into the output
 * folder. Not thread-safe; one call per instance.
 */
@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Train a network and write the model, its history (CSV) and charts (PNG).",
        footer = {"", "Architecture spec: " + Architecture.GRAMMAR + ", e.g. 64-128relu-bn-64relu-dropout0.3-10 "
                + "(digits), 4-16tanh-3 (iris), 30-64maxout2-2 (breast-cancer).",
                "", "Writes into the output folder: model.safetensors, history-epochs.csv, history-iterations.csv, "
                + "loss.png, accuracy.png; with --diagnose also diagnostics.csv, update-ratio.png and, for networks "
                + "with such layers, dead-units.png and saturated-units.png."})
public class TrainCommand implements Callable<Integer> {
    /** Name of the model file in the output folder. */
    public static final String MODEL_FILE = "model.safetensors";
    /** Name of the per-epoch history in the output folder. */
    public static final String EPOCHS_CSV = "history-epochs.csv";
    /** Name of the per-iteration history in the output folder. */
    public static final String ITERATIONS_CSV = "history-iterations.csv";
    /** Name of the loss chart in the output folder. */
    public static final String LOSS_CHART = "loss.png";
    /** Name of the accuracy chart in the output folder. */
    public static final String ACCURACY_CHART = "accuracy.png";

    @Mixin
    protected DataOptions data;
    @Mixin
    protected NetworkOptions network;
    @Mixin
    protected L2Option l2;
    @Mixin
    protected OptimizerOptions optimizer;
    @Mixin
    protected LearningRateOption learningRate;
    @Mixin
    protected ScheduleOptions schedule;
    @Mixin
    protected FitOptions fit;
    @Mixin
    ThreadsOption threads;

    @Option(names = "--slices", paramLabel = "N", defaultValue = "1",
            description = "Data-parallel steps: cut every batch into N fixed slices, each computed on a replica of "
                    + "its own, gradients summed in slice order (the weights depend on N, never on --threads; not "
                    + "for BatchNorm networks). 1: the whole batch in one context, each pass split across the "
                    + "threads. Default: ${DEFAULT-VALUE}.")
    int slices;

    @Option(names = "--no-standardize", description = "Feed the features as they are instead of standardising them "
            + "((x - mean) / std, statistics from the training part, stored in the model file).")
    protected boolean noStandardize;

    @Option(names = "--sanity-checks", description = "Run the pre-training sanity checks first and print their report.")
    boolean sanityChecks;

    @Mixin
    protected OutputFolderOption out;

    protected final Output output;

    /** With {@code --diagnose}: the measurements file and charts written, for {@link #printWritten}. */
    private List<Path> diagnosisFiles = List.of();

    /** A command writing to {@code output}. */
    protected TrainCommand(Output output) {
        this.output = output;
    }

    @Override
    public Integer call() {
        // The team starts first: it parses a large CSV file as well as training.
        try (WorkerTeam team = threads.start()) {
            return run(team);
        }
    }

    private int run(WorkerTeam team) {
        PrintWriter log = output.out();
        TrainingWarmUp warmUp = startWarmUp();
        PreparedData prepared;
        try {
            prepared = PreparedData.prepare(data, !noStandardize, team);
        } finally {
            if (warmUp != null) {
                warmUp.stop();
            }
        }
        Architecture spec = network.architecture(prepared);
        int batch = fit.batchSize();
        int epochs = fit.epochs();
        float rate = learningRate.value(optimizer);
        int stepsPerEpoch = TrainingRun.stepsPerEpoch(prepared.trainCount(), batch);
        LearningRateSchedule rates = schedule.create(rate, (long) stepsPerEpoch * epochs);
        Network net = network.build(spec, l2.value(), batch, data.seed());
        checkSlices(net, batch);
        // Every option is checked above this line, so a usage error leaves no empty output folder behind.
        Optimizer trainingOptimizer = optimizer.create(rate);
        Path dir = out.create(prepared.name());
        describe(log, prepared, spec, net, rate);
        runSanityChecks(log, prepared, spec, batch, rate);

        log.println(EpochTable.HEADER);
        long start = System.nanoTime();
        History history;
        EpochTable table;
        DiagnosisReport diagnosis;
        double testAccuracy;
        try (ProgressReporter progress = ProgressReporter.start(output, "train", (long) stepsPerEpoch * epochs, "batches")) {
            table = new EpochTable(progress, trainingOptimizer, epochs);
            diagnosis = fit.diagnose() ? DiagnosisReport.start(net, prepared.train(), data.seed(), team, progress) : null;
            TrainingListener listener = diagnosis == null ? table : diagnosis.around(table);
            history = DataSource.reading(data.data(), () -> TrainingRun.fit(net, prepared, fit, trainingOptimizer,
                    rates, data.seed(), listener, TrainingRun.TRAIN_ADVICE, team, slices));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (history.bestEpoch() >= 0) {
                log.printf(Locale.ROOT, "early stopping kept the weights of epoch %d%n", history.bestEpoch() + 1);
            }
            testAccuracy = reportTest(log, net, prepared.test(), seconds, team);
        } catch (RuntimeException e) {
            throw cleanUp(e, dir);
        }
        Path model = dir.resolve(MODEL_FILE);
        new StoredModel(net, prepared.preprocessor()).save(model);
        HistoryCsv.writeEpochs(dir.resolve(EPOCHS_CSV), history, table.learningRates(history.epochs()),
                table.seconds(history.epochs()));
        HistoryCsv.writeIterations(dir.resolve(ITERATIONS_CSV), history, stepsPerEpoch);
        String subtitle = prepared.name() + ", " + spec + ", " + optimizer.describe(rate) + ", " + schedule.describe();
        ChartWriter.writeLossChart(dir.resolve(LOSS_CHART), history.iterationLosses(), subtitle);
        ChartWriter.writeAccuracyChart(dir.resolve(ACCURACY_CHART), history.trainAccuracy(),
                history.validationAccuracy(), testAccuracy, subtitle);
        if (diagnosis != null) {
            diagnosis.print(log);
            diagnosisFiles = diagnosis.write(dir, subtitle);
        }
        printWritten(log, dir);
        log.flush();
        return 0;
    }

    /**
     * With {@code --arch} given, a warm-up of the run's training code on a throwaway network of that architecture
     * while the data loads ({@link TrainingWarmUp}): the first epoch then starts on compiled code. None when the
     * architecture depends on the data, when the network is too large to build twice, or when an option is
     * wrong (the run reports that itself, in its usual order). The run's results are the same either way.
     */
    TrainingWarmUp startWarmUp() {
        try {
            Architecture spec = network.givenArchitecture().orElse(null);
            if (spec == null || spec.networkSpec(network.lossName().loss(), 0f, network.init()).parameterCount()
                    > WARM_UP_MAX_PARAMETERS) {
                return null;
            }
            int batch = fit.batchSize();
            Network throwaway = network.build(spec, l2.value(), batch, data.seed());
            Optimizer throwawayOptimizer = optimizer.create(learningRate.value(optimizer));
            return TrainingWarmUp.start(throwaway, batch, throwawayOptimizer, threads.value(), WARM_UP_BUDGET);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The most parameters a warm-up network may have (64 MiB of floats): it is built beside the real one, and
     * larger networks spend long enough per epoch that their first one matters less.
     */
    static final long WARM_UP_MAX_PARAMETERS = 16L << 20;
    /** The longest a warm-up runs when the data takes longer to load. */
    static final java.time.Duration WARM_UP_BUDGET = java.time.Duration.ofSeconds(20);

    /**
     * A run that failed leaves no empty output folder behind; returns the exception to throw, for a diverged run
     * ({@link CommandFailedException}) one that says nothing was written and whether {@code dir} was removed.
     */
    protected RuntimeException cleanUp(RuntimeException e, Path dir) {
        boolean removed = out.removeIfCreatedAndEmpty();
        if (!(e instanceof CommandFailedException)) {
            return e;
        }
        return new CommandFailedException(e.getMessage() + (removed ? "; nothing was written and the output folder "
                + dir + " was removed" : "; nothing was written"), e);
    }

    /** With {@code --sanity-checks}: the pre-training checks and their report. */
    protected void runSanityChecks(PrintWriter log, PreparedData prepared, Architecture spec, int batch, float rate) {
        if (sanityChecks) {
            SanityReport.run(log, () -> network.build(spec, l2.value(), batch, data.seed()), optimizer, rate,
                    prepared.trainInMemory(10_000), network.lossName() == NetworkOptions.LossName.SOFTMAX);
        }
    }

    /** The files written into {@code dir} and the command that evaluates the model. */
    protected void printWritten(PrintWriter log, Path dir) {
        Path model = dir.resolve(MODEL_FILE);
        log.println("wrote:");
        log.println("  model    " + model);
        log.println("  history  " + dir.resolve(EPOCHS_CSV) + ", " + dir.resolve(ITERATIONS_CSV));
        log.println("  charts   " + dir.resolve(LOSS_CHART) + ", " + dir.resolve(ACCURACY_CHART));
        if (!diagnosisFiles.isEmpty()) {
            log.println("  diagnosis " + diagnosisFiles.stream().map(Path::toString).collect(Collectors.joining(", ")));
        }
        log.println("evaluate it with: ./vecnet evaluate --model " + model + " " + data.sameDataArguments());
    }

    /**
     * With {@code --diagnose}, for a run without layer measurements (on Spark): the diagnosis block of the curve
     * findings, as {@code train --diagnose} prints it.
     *
     * @param findings what the curves showed
     * @param basis    what they were read from, e.g. {@code "the loss and validation curves"}
     */
    protected void printDiagnosis(PrintWriter log, List<Finding> findings, String basis) {
        if (fit.diagnose()) {
            DiagnosisReport.print(log, findings, basis);
        }
    }

    /** Where the steps run, for the description's training line: the thread count. */
    protected String execution() {
        return threads.value() + (threads.value() == 1 ? " thread" : " threads");
    }

    protected void describe(PrintWriter log, PreparedData d, Architecture spec, Network net, float rate) {
        log.printf(Locale.ROOT, "data     %s: %d training, %d validation, %d test examples; %d features, %d classes%s%n",
                TerminalText.name(d.name()), d.trainCount(), d.validation().size(), d.test().size(), d.features(), d.classes(),
                d.preprocessor() == null ? "" : "; standardised");
        log.printf(Locale.ROOT, "network  %s: %d parameters, loss %s, init %s, l2 %s%n", spec,
                net.parameters().size(), NamedChoice.nameOf(network.lossName()), NamedChoice.nameOf(network.init()), l2.value());
        log.printf(Locale.ROOT, "training %s, schedule %s, %d epochs of batch %d, seed %d, %s%n",
                optimizer.describe(rate), schedule.describe(), fit.epochs(), fit.batchSize(), data.seed(), execution());
        if (slices > 1) {
            log.printf(Locale.ROOT, "         each batch in %d data-parallel slices%n", slices);
        }
        log.flush();
    }

    /** {@code --slices} is in [1, batch size], and above 1 only for a network without BatchNorm. */
    private void checkSlices(Network net, int batch) {
        if (slices < 1 || slices > batch) {
            throw new UsageException("--slices must be from 1 to the batch size " + batch + ", was " + slices);
        }
        if (slices > 1 && net.hasBatchNorm()) {
            throw new UsageException("--slices above 1 is not available for a network with BatchNorm (each slice "
                    + "would normalise with its own batch statistics); use --slices 1");
        }
    }

    protected static double reportTest(PrintWriter log, Network net, Dataset test, double seconds, WorkerTeam team) {
        if (test.size() == 0) {
            log.printf(Locale.ROOT, "no test part (--test-fraction 0); trained in %.1f s%n", seconds);
            return Double.NaN;
        }
        ConfusionMatrix matrix = ConfusionMatrix.of(test.labels(), Predictions.classes(net, test.features(), test.size(), team),
                test.classCount());
        log.printf(Locale.ROOT, "test accuracy: %.2f%% (%d of %d examples); trained in %.1f s%n", 100 * matrix.accuracy(),
                Math.round(matrix.accuracy() * matrix.total()), matrix.total(), seconds);
        return matrix.accuracy();
    }
}
