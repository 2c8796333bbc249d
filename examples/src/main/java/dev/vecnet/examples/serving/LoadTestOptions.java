package dev.vecnet.examples.serving;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@link LoadTest} runs.
 *
 * @param target          the service to load, or null to start one in-process on an ephemeral loopback port
 * @param model           the model file the service serves (the expected answers are computed from it), or
 *                        null to write the default 784-256-128-10 model to a temporary file; required with a
 *                        target
 * @param clients         the concurrency levels, run one after the other: that many client threads, each
 *                        with its own {@code java.net.http.HttpClient}
 * @param requests        requests per level, {@code >= 1}
 * @param timeLimit       the most time per level; a level stops at whichever limit comes first
 * @param sizeMix         rows per good request, in proportion: {@code [1, 1, 1, 32]} sends three 1-row requests
 *                        for each of 32 rows
 * @param badEvery        every {@code badEvery}-th request is one the service must refuse (cycling through
 *                        the kinds), 0 for none
 * @param serviceThreads  the in-process service's predictor slots
 * @param maxRows         the service's row limit (it must match a target's)
 * @param maxBodyBytes    the service's body limit (it must match a target's)
 * @param warmUpBudget    the in-process service's warm-up budget
 * @param seed            the seed of the rows and the request order
 */
public record LoadTestOptions(URI target, Path model, List<Integer> clients, int requests, Duration timeLimit,
                              List<Integer> sizeMix, int badEvery, int serviceThreads, int maxRows, int maxBodyBytes,
                              Duration warmUpBudget, long seed) {

    /**
     * Checks the fields and copies the lists.
     *
     * @param target the service, or null for an in-process one
     * @param model the served model file, or null for the default model (not with a target)
     * @param clients concurrency levels, each {@code >= 1}
     * @param requests requests per level, {@code >= 1}
     * @param timeLimit the most time per level, positive
     * @param sizeMix rows per good request in proportion, each in {@code [1, maxRows]}
     * @param badEvery the period of refused requests, 0 for none
     * @param serviceThreads the in-process service's predictor slots, {@code >= 1}
     * @param maxRows the service's row limit, {@code >= 1}
     * @param maxBodyBytes the service's body limit, {@code >= 1}
     * @param warmUpBudget the in-process service's warm-up budget, not negative
     * @param seed the seed of the rows and the request order
     * @throws IllegalArgumentException naming the first field out of range
     */
    public LoadTestOptions {
        if (target != null && model == null) {
            throw new IllegalArgumentException("a target service needs its model file, to compute the expected answers");
        }
        clients = List.copyOf(clients);
        sizeMix = List.copyOf(sizeMix);
        if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("clients must be concurrency levels >= 1, was " + clients);
        }
        if (sizeMix.isEmpty() || sizeMix.stream().anyMatch(r -> r < 1 || r > maxRows)) {
            throw new IllegalArgumentException("sizeMix must be row counts in [1, " + maxRows + "], was " + sizeMix);
        }
        if (requests < 1 || badEvery < 0 || serviceThreads < 1 || maxRows < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("requests, serviceThreads, maxRows, maxBodyBytes must be >= 1 and badEvery >= 0");
        }
        if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero() || warmUpBudget == null || warmUpBudget.isNegative()) {
            throw new IllegalArgumentException("timeLimit must be positive and warmUpBudget not negative");
        }
    }

    /**
     * The defaults of {@code LoadTest}'s main: an in-process service of 4 threads, 64 rows and 2 MiB per
     * request, a warm-up of at most 10 s, levels of 1, 2 and 8 clients with 2,000 requests or 60 seconds
     * each, three 1-row requests for each 32-row one, every 25th request a refused one.
     *
     * @return the default options
     */
    public static LoadTestOptions defaults() {
        return new LoadTestOptions(null, null, List.of(1, 2, 8), 2_000, Duration.ofSeconds(60), List.of(1, 1, 1, 32),
                25, 4, 64, 2 << 20, Duration.ofSeconds(10), 42);
    }
}
