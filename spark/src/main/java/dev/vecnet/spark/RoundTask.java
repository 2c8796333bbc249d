package dev.vecnet.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

import java.io.Serializable;

/**
 * The task of one round on one partition: the partition's worker runs the round's step (exact mode) or local
 * steps (local SGD) from the round's input. A named class rather than a lambda passed through
 * {@code mapPartitionsWithIndex(...).collect()}: Spark's closure cleaner inspects every closure it is given with
 * ASM, reading the defining class's bytecode from its jar, which was over half of the driver's time per round;
 * a plain function object given straight to {@code SparkContext.runJob} is not a closure and is not inspected.
 *
 * <p>Immutable; serialised into each round's job.
 */
final class RoundTask extends AbstractFunction2<TaskContext, Iterator<PartitionData>, PartitionResult>
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The fit's configuration, broadcast once. */
    private final Broadcast<RunConfig> config;
    /** The round's weights and optimizer state, broadcast once per round. */
    private final Broadcast<RoundInput> input;
    /** The mode. */
    private final SyncMode sync;
    /** The round's number, for the test hook. */
    private final long round;
    /** The first local step of the round. */
    private final long from;
    /** The local step after the round's last. */
    private final long to;

    RoundTask(Broadcast<RunConfig> config, Broadcast<RoundInput> input, SyncMode sync, long round, long from, long to) {
        this.config = config;
        this.input = input;
        this.sync = sync;
        this.round = round;
        this.from = from;
        this.to = to;
    }

    @Override
    public PartitionResult apply(TaskContext context, Iterator<PartitionData> blocks) {
        int p = context.partitionId();
        PartitionWorker worker = WorkerCache.get(config.value(), p, blocks.next());
        // Reaching the end of the cached partition's iterator releases its block lock.
        if (blocks.hasNext()) {
            throw new IllegalStateException("partition " + p + " holds more than one block");
        }
        return sync == SyncMode.EXACT ? worker.gradient(from, input.value())
                : worker.localSteps(round, from, to, input.value());
    }
}
