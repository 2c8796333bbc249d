package dev.vecnet.spark;

import org.apache.spark.BarrierTaskContext;
import scala.collection.Iterator;
import scala.collection.Iterator$;
import scala.runtime.AbstractFunction1;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The task of one barrier job on one partition ({@link BarrierRounds}): the partition's worker runs its steps and
 * exchanges results with the job's other tasks over a {@link PeerLink}. Exact mode: local steps {@code [from, to)},
 * many rounds, each combining every partition's gradient ({@link PartitionWorker#exactSteps}). Local SGD: one
 * round's local steps, then partition 0's task gathers every partition's result and reduces them in partition
 * order ({@link Reductions#mean}), so only it sends a model-sized result to the driver. A named function object, not
 * a lambda, for the reason given in {@link RoundTask}.
 *
 * <p>Immutable; serialised into each job.
 */
final class BarrierTask extends AbstractFunction1<Iterator<PartitionData>, Iterator<BlockResult>>
        implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RoundJob job;

    BarrierTask(RoundJob job) {
        this.job = job;
    }

    /**
     * Runs the partition's part of the job.
     *
     * @return partition 0's {@link BlockResult}; nothing from the other partitions
     */
    @Override
    public Iterator<BlockResult> apply(Iterator<PartitionData> blocks) {
        BarrierTaskContext context = BarrierTaskContext.get();
        int p = context.partitionId();
        PartitionWorker worker = job.worker(p, blocks);
        int replicas = job.config().value().batchSizes().length;
        // A job run again after a failure may start while a task of the failed attempt still finishes its step on
        // the same worker (Spark kills a barrier stage's tasks without interrupting them): the worker waits for it.
        synchronized (worker) {
            try (PeerLink link = PeerLink.open(context, replicas, job)) {
                RoundInput input = job.input().value();
                BlockResult result = job.sync() == SyncMode.EXACT
                        ? worker.exactSteps(job.from(), job.to(), input, link, replicas)
                        : reduce(link, worker.localSteps(job.round(), job.from(), job.to(), input));
                return result == null ? Iterator$.MODULE$.empty()
                        : Iterator$.MODULE$.single(result.withRootAddress(link.rootAddress()));
            } catch (IOException e) {
                throw new UncheckedIOException("partition " + p + " lost its link to the other tasks of its job", e);
            }
        }
    }

    /** Local SGD: at partition 0, the round's mean and mean loss; elsewhere null, after sending its result. */
    private static BlockResult reduce(PeerLink link, PartitionResult mine) throws IOException {
        List<PartitionResult> all = link.gather(mine);
        if (all == null) {
            return null;
        }
        return new BlockResult(Reductions.mean(all), new double[] {Reductions.meanLoss(all)}, BlockResult.NONE, null);
    }
}
