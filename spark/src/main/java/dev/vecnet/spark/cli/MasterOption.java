package dev.vecnet.spark.cli;


import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The Spark launcher's {@code --master} option and the session it starts. Filled in by picocli; not thread-safe. */
final class MasterOption {
    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]",
            description = "Spark master, e.g. local[4] or spark://host:7077; under spark-submit its --master wins. "
                    + "Default: ${DEFAULT-VALUE}.")
    String master;

    /** Task results up to this size go straight back to the driver; Spark's default is 1 MiB. */
    private static final String DIRECT_RESULT_SIZE = "spark.task.maxDirectResultSize";

    /**
     * Starts (or joins) the session: on {@code --master}, unless {@code spark-submit} has set a master. A round's
     * task result (parameters and optimizer state, or a gradient) above Spark's default of 1 MiB would take a
     * detour through the block manager, so unless configured the limit is raised to 64 MiB.
     */
    SparkSession session(String appName) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (System.getProperty("spark.master") == null) {
            builder.master(master);
        }
        if (System.getProperty(DIRECT_RESULT_SIZE) == null) {
            builder.config(DIRECT_RESULT_SIZE, "64m");
        }
        return builder.getOrCreate();
    }
}
