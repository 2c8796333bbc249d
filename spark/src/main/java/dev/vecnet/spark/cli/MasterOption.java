package dev.vecnet.spark.cli;


import dev.vecnet.cli.UsageException;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;

/**
 * The Spark launcher's {@code --master} and {@code --spark-log-level} options and the session they start. Filled in
 * by picocli; not thread-safe.
 */
final class MasterOption {
    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]",
            description = "Spark master, e.g. local[4] or spark://host:7077; under spark-submit its --master wins. "
                    + "Default: ${DEFAULT-VALUE}.")
    String master;

    @Option(names = "--spark-log-level", paramLabel = "LEVEL", defaultValue = "WARN",
            description = "Spark's log level once the session is up (ALL, DEBUG, INFO, WARN, ERROR, OFF, ...): under "
                    + "spark-submit's default configuration Spark logs every job at INFO. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    /** The levels {@code SparkContext.setLogLevel} accepts. */
    private static final List<String> LOG_LEVELS = List.of("ALL", "DEBUG", "ERROR", "FATAL", "INFO", "OFF", "TRACE",
            "WARN");

    /** Task results up to this size go straight back to the driver; Spark's default is 1 MiB. */
    private static final String DIRECT_RESULT_SIZE = "spark.task.maxDirectResultSize";

    /**
     * Starts (or joins) the session: on {@code --master}, unless {@code spark-submit} has set a master. A round's
     * task result (parameters and optimizer state, or a gradient) above Spark's default of 1 MiB would take a
     * detour through the block manager, so unless configured the limit is raised to 64 MiB. Spark's log level is
     * then set to {@code --spark-log-level} (WARN by default), so that the command's output is not buried in
     * Spark's INFO lines whatever log4j2 configuration {@code spark-submit} brings.
     *
     * @throws UsageException for a log level Spark does not know (before the session starts)
     */
    SparkSession session(String appName) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (System.getProperty("spark.master") == null) {
            builder.master(master);
        }
        if (System.getProperty(DIRECT_RESULT_SIZE) == null) {
            builder.config(DIRECT_RESULT_SIZE, "64m");
        }
        String level = logLevel();
        SparkSession session = builder.getOrCreate();
        session.sparkContext().setLogLevel(level);
        return session;
    }

    /**
     * The {@code --spark-log-level} value in upper case, checked against the levels Spark's {@code setLogLevel}
     * accepts.
     *
     * @throws UsageException naming the value and the levels
     */
    String logLevel() {
        String level = logLevel.toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw new UsageException("--spark-log-level " + logLevel + ": not a log level; give one of " + LOG_LEVELS);
        }
        return level;
    }
}
