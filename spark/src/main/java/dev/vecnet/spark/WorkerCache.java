package dev.vecnet.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link PartitionWorker}s of the fits running in this JVM, by fit and partition. An entry lives from the
 * first task of its partition until the fit's clean-up job removes the fit's entries. Thread-safe.
 */
final class WorkerCache {
    private static final Map<String, PartitionWorker> WORKERS = new ConcurrentHashMap<>();

    private WorkerCache() {
    }

    /** The worker of {@code partition}, built on first use. */
    static PartitionWorker get(RunConfig config, int partition, PartitionData data) {
        return WORKERS.computeIfAbsent(config.runId() + "/" + partition, k -> new PartitionWorker(config, partition, data));
    }

    /** Removes every worker of the fit {@code runId}, and closes its root's listening socket ({@link PeerLink}). */
    static void remove(String runId) {
        WORKERS.keySet().removeIf(k -> k.startsWith(runId + "/"));
        PeerLink.release(runId);
    }

    /** Workers held now (tests). */
    static int size() {
        return WORKERS.size();
    }
}
