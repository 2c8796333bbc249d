package dev.vecnet.cli;

import dev.vecnet.nn.Architecture;
import dev.vecnet.nn.Network;
import dev.vecnet.search.Configuration;
import dev.vecnet.search.HyperparameterSearch;
import dev.vecnet.search.SearchResults;
import dev.vecnet.search.SearchSpace;
import dev.vecnet.search.Trial;
import dev.vecnet.search.TrialResult;
import dev.vecnet.train.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vecnet search}: random or grid search of the learning rate and the L2 strength, both on a log
 * scale, each trial training a fresh network for a few epochs and scored by its validation accuracy. Writes
 * the results CSV and a chart of the trials, and prints the best ones. Trials run in parallel; the command
 * object itself is used by one thread.
 */
@Command(name = "search", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Search learning rate and L2 strength (log scale) by validation accuracy.",
        footer = {"", "Writes into the output folder (--out; by default a new folder runs/search-<data>-<date>-<time>): "
                + "search.csv (rank,index,lr,l2,metric,status,seed,millis) and search.png."})
public class SearchCommand implements Callable<Integer> {
    /** Name of the results file in the output folder. */
    public static final String RESULTS_CSV = "search.csv";
    /** Name of the chart in the output folder. */
    public static final String CHART = "search.png";

    @Mixin
    protected DataOptions data;
    @Mixin
    protected NetworkOptions network;
    @Mixin
    protected OptimizerOptions optimizer;
    @Mixin
    protected FitOptions fit;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "20",
            description = "Random trials to run. Default: ${DEFAULT-VALUE}.")
    protected int trials;

    @Option(names = "--grid", paramLabel = "N", defaultValue = "0",
            description = "Grid search with N log-spaced values per hyperparameter (N * N trials) instead of "
                    + "random search (0). Default: ${DEFAULT-VALUE}.")
    protected int gridPoints;

    @Option(names = "--lr-range", paramLabel = "MIN:MAX", defaultValue = "1e-4:1e-1",
            description = "Learning-rate range. Default: ${DEFAULT-VALUE}.")
    String lrRange;

    @Option(names = "--l2-range", paramLabel = "MIN:MAX", defaultValue = "1e-6:1e-1",
            description = "L2-strength range. Default: ${DEFAULT-VALUE}.")
    String l2Range;

    @Option(names = "--threads", paramLabel = "N",
            description = "Trials run at once. Default: the number of processors.")
    Integer threads;

    @Mixin
    protected OutputFolderOption out;

    private final Output output;

    /** A command writing to {@code output}. */
    protected SearchCommand(Output output) {
        this.output = output;
    }

    @Override
    public Integer call() {
        double[] lr = LogRange.parse("--lr-range", lrRange);
        double[] l2 = LogRange.parse("--l2-range", l2Range);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1 || trials < 1 || gridPoints < 0) {
            throw new UsageException("--threads and --trials must be >= 1 and --grid >= 0 (were " + workers + ", "
                    + trials + ", " + gridPoints + ")");
        }
        PreparedData prepared = PreparedData.prepare(data, true);
        if (prepared.validationOrNull() == null) {
            throw new UsageException("search scores trials on the validation part; set --validation-fraction above 0");
        }
        Architecture spec = network.architecture(prepared);
        fit.batchSize();   // checks the batch size before any folder is made or trial runs
        int epochs = fit.epochs();
        optimizer.create((float) lr[0]);   // checks the optimizer settings before any folder is made or trial runs
        Path dir = out.create("search-" + prepared.name());
        SearchSpace space = SearchSpace.empty().logUniform("lr", lr[0], lr[1]).logUniform("l2", l2[0], l2[1]);
        int total = gridPoints > 0 ? gridPoints * gridPoints : trials;
        PrintWriter log = output.out();
        log.printf(Locale.ROOT, "%s search over lr in [%s, %s] and l2 in [%s, %s]: %d trials of %d epochs, %s, %s, "
                        + "%d threads%n", gridPoints > 0 ? "grid" : "random", lr[0], lr[1], l2[0], l2[1], total,
                epochs, spec, optimizer.name(), workers);
        log.flush();

        SearchResults results;
        try (ProgressReporter progress = ProgressReporter.start(output, "search", total, "trials")) {
            results = runTrials(space, prepared, spec, workers, progress);
        }

        Path csv = dir.resolve(RESULTS_CSV);
        try {
            results.writeCsv(csv);
        } catch (IOException e) {
            throw OutputFiles.failedToWrite(csv, e);
        }
        ChartWriter.writeSearchChart(dir.resolve(CHART), results.trials(), lr, l2, prepared.name() + ", " + spec + ", "
                + optimizer.name() + ", " + epochs + " epochs per trial, " + results.trials().size() + " trials");
        printTop(log, results.trials());
        log.println("wrote:");
        log.println("  results  " + csv);
        log.println("  chart    " + dir.resolve(CHART));
        log.flush();
        if (results.succeeded().isEmpty()) {
            throw new CommandFailedException(allFailed(results.failed()));
        }
        return 0;
    }

    /**
     * Runs the search's trials, here on {@code workers} threads of this JVM, advancing {@code progress} once per
     * trial; another launcher may run them elsewhere, with the same configurations and seeds.
     */
    protected SearchResults runTrials(SearchSpace space, PreparedData prepared, Architecture spec, int workers,
                            ProgressReporter progress) {
        Trial trial = (configuration, seed) -> {
            try {
                return trainAndScore(network, spec, fit, optimizer, prepared, configuration, seed);
            } finally {
                progress.advance(1);
            }
        };
        HyperparameterSearch search = HyperparameterSearch.maximizing(trial).seed(data.seed()).threads(workers);
        return gridPoints > 0 ? search.grid(space, gridPoints) : search.random(space, trials);
    }

    /**
     * One trial: a fresh network with the configuration's {@code l2}, trained with its {@code lr} (no schedule) on
     * the training part, scored by its validation accuracy. Reads the options and data, modifies neither.
     */
    protected static double trainAndScore(NetworkOptions network, Architecture spec, FitOptions fit, OptimizerOptions optimizer,
                                PreparedData prepared, Configuration configuration, long seed) {
        Network net = network.build(spec, (float) configuration.getDouble("l2"), fit.batchSize(), seed);
        TrainingRun.fit(net, prepared, fit, optimizer.create((float) configuration.getDouble("lr")), null, seed, null,
                TrainingRun.SEARCH_ADVICE);
        Evaluator evaluator = new Evaluator(net, prepared.validationOrNull());
        evaluator.evaluate();
        return evaluator.accuracy();
    }

    /** Why a search without one successful trial failed: the count and the first failure, in trial order. */
    static String allFailed(List<TrialResult> failed) {
        TrialResult first = failed.stream().min(Comparator.comparingInt(TrialResult::index)).orElseThrow();
        return String.format(Locale.ROOT, "all %d trials failed; the first (trial %d, lr %.3e, l2 %.3e): %s", failed.size(),
                first.index() + 1, first.configuration().getDouble("lr"), first.configuration().getDouble("l2"),
                reason(first.failure()));
    }

    /** A trial's failure without the name of the exception that carried it. */
    private static String reason(String failure) {
        Matcher m = EXCEPTION_PREFIX.matcher(failure);
        if (!m.matches()) {
            return failure;
        }
        if (!m.group(2).isEmpty()) {
            return m.group(2);
        }
        return m.group(1).equals("OutOfMemoryError") ? "out of memory; lower --threads or --batch-size"
                : m.group(1).equals("StackOverflowError") ? "the thread's stack overflowed" : "an internal error";
    }

    /** "SomeException: message" as the search records a trial that threw. */
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("([A-Z][A-Za-z0-9$]*(?:Exception|Error))(?:: )?(.*)",
            Pattern.DOTALL);

    private static void printTop(PrintWriter log, List<TrialResult> sorted) {
        log.println("best trials (validation accuracy):");
        log.printf(Locale.ROOT, "%4s  %10s  %10s  %9s  %7s%n", "rank", "lr", "l2", "val acc", "time");
        for (int i = 0; i < Math.min(5, sorted.size()); i++) {
            TrialResult t = sorted.get(i);
            String accuracy = t.succeeded() ? String.format(Locale.ROOT, "%8.2f%%", 100 * t.metric()) : "failed";
            log.printf(Locale.ROOT, "%4d  %10.3e  %10.3e  %9s  %6.1fs%n", i + 1, t.configuration().getDouble("lr"),
                    t.configuration().getDouble("l2"), accuracy, t.millis() / 1000.0);
        }
    }
}
