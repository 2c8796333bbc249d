package dev.vecnet.spark;

import dev.vecnet.nn.Network;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One network per model per executor JVM, parsed from the model file on the first task that scores with it
 * and shared by every task after: inference contexts of one network may run concurrently. Holds at most
 * {@link #LIMIT} networks (when full, it starts again empty). Thread-safe.
 */
final class ScoringNetworks {
    private static final int LIMIT = 16;
    private static final Map<String, Network> NETWORKS = new ConcurrentHashMap<>();

    private ScoringNetworks() {
    }

    static Network get(String key, byte[] modelFile) {
        if (NETWORKS.size() >= LIMIT && !NETWORKS.containsKey(key)) {
            NETWORKS.clear();
        }
        return NETWORKS.computeIfAbsent(key, k -> VecnetClassificationModel.parse(modelFile));
    }
}
