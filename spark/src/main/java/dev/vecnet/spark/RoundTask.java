package dev.vecnet.spark;

import org.apache.spark.TaskContext;
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

    private final RoundJob job;

    RoundTask(RoundJob job) {
        this.job = job;
    }

    @Override
    public PartitionResult apply(TaskContext context, Iterator<PartitionData> blocks) {
        PartitionWorker worker = job.worker(context.partitionId(), blocks);
        return job.sync() == SyncMode.EXACT ? worker.gradient(job.from(), job.input().value())
                : worker.localSteps(job.round(), job.from(), job.to(), job.input().value());
    }
}
