package dev.vecnet.cli;

import dev.vecnet.kernel.WorkerTeam;

import picocli.CommandLine.Option;

/**
 * The {@code --threads} option of {@code train}, {@code evaluate} and {@code predict}: how many threads
 * the command's training steps or batch inference are split across. Results have the same bits for
 * every value. Filled in by picocli; not thread-safe.
 */
final class ThreadsOption {

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads to split the work across (the results are the same bits for any N; 1 runs on "
                    + "one core). Default: the number of processors.")
    Integer threads;

    /** The thread count asked for, or the number of available processors; checked to be >= 1. */
    public int value() {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new UsageException("--threads must be >= 1, was " + n);
        }
        return n;
    }

    /**
     * A team of {@link #value()} threads for the command to close when it is done, or null for one thread
     * (then no thread is started).
     */
    public WorkerTeam start() {
        int n = value();
        return n == 1 ? null : new WorkerTeam(n);
    }
}
