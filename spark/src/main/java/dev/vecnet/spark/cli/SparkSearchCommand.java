package dev.vecnet.spark.cli;

import dev.vecnet.cli.FitOptions;
import dev.vecnet.cli.NetworkOptions;
import dev.vecnet.cli.OptimizerOptions;
import dev.vecnet.cli.Output;
import dev.vecnet.cli.PreparedData;
import dev.vecnet.cli.ProgressReporter;
import dev.vecnet.cli.SearchCommand;

import dev.vecnet.nn.Architecture;
import dev.vecnet.search.SearchResults;
import dev.vecnet.search.SearchSpace;
import dev.vecnet.spark.search.DataTrial;
import dev.vecnet.spark.search.SparkSearch;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code vecnet-spark search}: {@code ./vecnet search} with each trial a Spark task ({@link SparkSearch}): the
 * options, the configurations drawn, the trials' seeds, the training and scoring of a trial, the results CSV, the
 * chart and the printed best trials are those of {@link SearchCommand}, so the same seed gives the same results.
 * The prepared data are broadcast once. {@code --threads}, {@code --partitions}, {@code --sync} and
 * {@code --sync-every} are refused: a trial trains on one executor thread. Not thread-safe; one call per instance.
 */
@Command(name = "search", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Search learning rate and L2 strength (log scale) by validation accuracy, one Spark task per trial.",
        footer = {"", "Writes into the output folder (--out; by default a new folder runs/search-<data>-<date>-<time>): "
                + "search.csv (rank,index,lr,l2,metric,status,seed,millis) and search.png."})
final class SparkSearchCommand extends SearchCommand {
    @Mixin
    MasterOption master;

    @Spec
    CommandSpec commandSpec;

    /** A command writing to {@code output}. */
    SparkSearchCommand(Output output) {
        super(output);
    }

    @Override
    public Integer call() {
        SparkOptions.refuse(commandSpec, "each trial is one Spark task on one executor thread; the master's cores "
                + "decide how many run at once", "--threads");
        master.logLevel();
        if (!SparkInput.isShipped(data.data())) {
            SparkInput.refuseUnreadable(data.data(), SparkInput.ACCEPTED_BY_SEARCH);
        }
        return super.call();
    }

    @Override
    protected SearchResults runTrials(SearchSpace space, PreparedData prepared, Architecture spec, int workers,
                            ProgressReporter progress) {
        TrialData shared = TrialData.of(prepared, SparkOptions.inMemory(prepared, data.data()));
        // Locals: the trial captures the (serializable) options, not this command.
        NetworkOptions networkOptions = network;
        FitOptions fitOptions = fit;
        OptimizerOptions optimizerOptions = optimizer;
        DataTrial<TrialData> trial = (configuration, seed, d) -> {
            PreparedData p = d.prepared();
            return trainAndScore(networkOptions, networkOptions.architecture(p), fitOptions, optimizerOptions, p,
                    configuration, seed);
        };
        SparkSession session = master.session("vecnet-spark search");
        try {
            SparkSearch<TrialData> search = SparkSearch.maximizing(session, trial).seed(data.seed());
            SearchResults results = gridPoints > 0 ? search.grid(space, gridPoints, shared)
                    : search.random(space, trials, shared);
            progress.advance(results.trials().size());
            return results;
        } finally {
            session.stop();
        }
    }
}
