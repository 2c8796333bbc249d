package dev.vecnet.spark.cli;

import dev.vecnet.cli.Main;
import dev.vecnet.cli.Output;
import dev.vecnet.cli.VecnetCommand;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line of {@code spark/vecnet-spark}: {@code train} and {@code search} of {@code ./vecnet} run on a
 * Spark master, with the command line's error reporting and exit statuses (0 success, 1 failure, 2 usage error).
 * See {@code docs/spark.md}.
 */
public final class SparkLauncher {
    private SparkLauncher() {
    }

    /**
     * Runs one command line on standard output and error. Does not exit.
     *
     * @param args the command and its options, e.g. {@code train --data digits --partitions 2}
     * @return the exit status: 0 success, 1 failure, 2 usage error
     */
    public static int run(String... args) {
        return run(Output.system(), args);
    }

    /** As {@link #run(String...)}, writing to {@code output}. */
    static int run(Output output, String... args) {
        VecnetCommand root = new VecnetCommand();
        CommandLine cli = new CommandLine(root)
                .addSubcommand(new SparkTrainCommand(output))
                .addSubcommand(new SparkSearchCommand(output))
                .addSubcommand(new CommandLine.HelpCommand());
        cli.setCommandName("vecnet-spark");
        for (String command : new String[] {"train", "search"}) {
            // --labels and --no-verify concern IDX and .vecdata files, which Spark does not read.
            for (String option : new String[] {"--threads", "--labels", "--no-verify"}) {
                hide(cli.getSubcommands().get(command).getCommandSpec(), option);
            }
        }
        hide(cli.getSubcommands().get("train").getCommandSpec(), "--slices");
        String refused = ". IDX and .vecdata files are refused. Default: ${DEFAULT-VALUE}.";
        describe(cli.getSubcommands().get("train").getCommandSpec(), "--data",
                "Data set: " + SparkInput.TRAIN_DATA + refused);
        describe(cli.getSubcommands().get("search").getCommandSpec(), "--data",
                "Data set: " + SparkInput.SEARCH_DATA + refused);
        return Main.execute(output, root, cli, args);
    }

    /** Replaces the help text of option {@code name}: what it takes differs on Spark. */
    private static void describe(CommandSpec spec, String name, String description) {
        OptionSpec option = spec.findOption(name);
        spec.remove(option);
        spec.addOption(OptionSpec.builder(option).description(description).build());
    }

    /**
     * Leaves {@code name} out of the command's help: it is still parsed, so that the command can refuse it by
     * name (an option of {@code ./vecnet} that has no meaning on Spark).
     */
    private static void hide(CommandSpec spec, String name) {
        OptionSpec option = spec.findOption(name);
        spec.remove(option);
        spec.addOption(OptionSpec.builder(option).hidden(true).build());
    }
}
