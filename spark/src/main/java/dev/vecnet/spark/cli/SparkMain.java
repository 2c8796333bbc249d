package dev.vecnet.spark.cli;


/**
 * The main class of the launcher {@code spark/vecnet-spark}: {@code train} and {@code search} with the options of
 * {@code ./vecnet} plus {@code --master}, {@code --partitions}, {@code --sync} and {@code --sync-every}. The same
 * main class runs under {@code spark-submit} (docs/spark.md).
 */
public final class SparkMain {
    private SparkMain() {
    }

    /**
     * Runs the command line and exits with its status (0 success, 1 failure, 2 usage error).
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        System.exit(SparkLauncher.run(args));
    }
}
