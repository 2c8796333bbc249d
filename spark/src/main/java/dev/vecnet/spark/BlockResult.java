package dev.vecnet.spark;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;

import java.io.Serializable;

/**
 * What a barrier job of a fit sends to the driver, from partition 0's task only, whatever the partition count
 * ({@link BarrierRounds}).
 *
 * @param state   the model state after the last round run: parameters with the BatchNorm running statistics,
 *                batch counts, optimizer state and step count (exact mode: every replica's, which are identical;
 *                local SGD: the partitions' mean, {@link Reductions#mean}); its example and loss sums are unused
 * @param losses  the mean loss of each round run, in order ({@link Reductions#meanLoss})
 * @param failure {@link #NONE}, or why the tasks stopped after the last round run: {@link #GRADIENT} (its combined
 *                gradient is not finite; the optimizer did not step) or {@link #PARAMETERS} (its update made a
 *                parameter non-finite). A non-finite loss also stops them, shown by the loss itself.
 * @param rootAddress partition 0's listening address in the job ({@link PeerLink}), for the next; null before the
 *                    task sets it, and with one partition
 */
@DefaultSerializer(JavaSerializer.class)
record BlockResult(PartitionResult state, double[] losses, int failure, String rootAddress) implements Serializable {
    /** Every round ran its checks clean. */
    static final int NONE = 0;
    /** The last round's combined gradient is not finite. */
    static final int GRADIENT = 1;
    /** The last round's update made a parameter non-finite. */
    static final int PARAMETERS = 2;

    /** This result with partition 0's listening address. */
    BlockResult withRootAddress(String address) {
        return new BlockResult(state, losses, failure, address);
    }
}
