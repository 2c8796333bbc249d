package dev.vecnet.cli;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The Spark launcher's {@code --master} option and the session it starts. Filled in by picocli; not thread-safe. */
final class MasterOption {
    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]",
            description = "Spark master, e.g. local[4] or spark://host:7077; under spark-submit its --master wins. "
                    + "Default: ${DEFAULT-VALUE}.")
    String master;

    /** Starts (or joins) the session: on {@code --master}, unless {@code spark-submit} has set a master. */
    SparkSession session(String appName) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (System.getProperty("spark.master") == null) {
            builder.master(master);
        }
        return builder.getOrCreate();
    }
}
