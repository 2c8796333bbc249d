package dev.vecnet.spark;

import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;

import java.io.Serializable;

/**
 * What every task of one training job needs: the fit's configuration, the job's input and which local steps to run.
 * Shipped inside the job's function object ({@link RoundTask}, {@link BarrierTask}) by Spark's closure serialiser.
 *
 * @param config the fit's configuration, broadcast once
 * @param input  the weights and optimizer state the job starts from, broadcast once per job
 * @param sync   the mode
 * @param round  the job's first round, for the test hook in local SGD
 * @param from   the job's first local step
 * @param to     the local step after the job's last
 * @param rootAddress barrier jobs: partition 0's listening address from the fit's previous job, or null
 *                    ({@link PeerLink})
 * @param token  barrier jobs: the random number the job's tasks present to partition 0's
 */
record RoundJob(Broadcast<RunConfig> config, Broadcast<RoundInput> input, SyncMode sync, long round, long from, long to,
                String rootAddress, long token) implements Serializable {

    /**
     * The worker of the task's partition, built on its first job ({@link WorkerCache}).
     *
     * @param partition the task's partition
     * @param blocks    the partition's cached data, one block; read to its end
     * @return the worker
     * @throws IllegalStateException when the partition holds more than one block
     */
    PartitionWorker worker(int partition, Iterator<PartitionData> blocks) {
        PartitionWorker worker = WorkerCache.get(config.value(), partition, blocks.next());
        // Reaching the end of the cached partition's iterator releases its block lock.
        if (blocks.hasNext()) {
            throw new IllegalStateException("partition " + partition + " holds more than one block");
        }
        return worker;
    }
}
