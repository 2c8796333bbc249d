package dev.vecnet.spark;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;

/**
 * What every task of one fit needs besides its partition and the round's weights: broadcast once per fit.
 *
 * @param runId        names this fit's executor-side workers
 * @param modelBytes   the network as a vecnet model file, for the executors to build their copies from
 * @param networkSeed  the seed the network was built with; partition {@code p}'s copy is built with
 *                     {@link #partitionSeed(long, int) partitionSeed(networkSeed, p)} (its dropout masks)
 * @param shuffleSeed  the seed of the example order; partition {@code p} shuffles with
 *                     {@code partitionSeed(shuffleSeed, p)}
 * @param batchSizes   examples per local step of each partition
 * @param optimizer    makes the optimizer each partition runs in {@link SyncMode#LOCAL_SGD} (the rate comes with
 *                     each round)
 * @param hook         called after each task's work (tests)
 */
@DefaultSerializer(JavaSerializer.class)
record RunConfig(String runId, byte[] modelBytes, long networkSeed, long shuffleSeed, int[] batchSizes,
                 OptimizerFactory optimizer, TaskHook hook) implements Serializable {

    /** Odd 64-bit constant of the golden ratio: partitions' seeds are spread far apart. */
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /**
     * The seed of partition {@code partition}: {@code seed + partition * 0x9E3779B97F4A7C15}, so partition 0
     * has the fit's own seed (one partition trains exactly as the local trainer).
     *
     * @param seed      the fit's seed
     * @param partition the partition index, {@code >= 0}
     * @return the partition's seed
     */
    static long partitionSeed(long seed, int partition) {
        return seed + partition * GOLDEN;
    }
}
