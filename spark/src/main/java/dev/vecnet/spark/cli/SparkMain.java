package dev.vecnet.spark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The launcher {@code spark/vecnet-spark}: {@code train} on a Spark master. The same main class runs under
 * {@code spark-submit} (docs/spark.md).
 */
@Command(name = "vecnet-spark", mixinStandardHelpOptions = true, subcommands = {SparkTrainCommand.class},
        description = "Trains vecnet networks on Apache Spark.")
public final class SparkMain implements Runnable {
    /** The top-level command; picocli fills in its subcommands. */
    public SparkMain() {
    }

    /** Prints the usage when no command is given. */
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkMain()).execute(args));
    }
}
