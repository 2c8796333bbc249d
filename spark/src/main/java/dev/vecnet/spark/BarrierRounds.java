package dev.vecnet.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

import java.io.Serializable;
import java.security.SecureRandom;

/**
 * Runs a fit's rounds as Spark barrier jobs ({@code RDD.barrier()}): all of a job's tasks start together, so they
 * can exchange results with each other ({@link PeerLink}) instead of each sending its result to the driver. An exact
 * job runs many steps; a local-SGD job one round, reduced on partition 0's task.
 *
 * <p>A barrier job needs a task slot for every partition at once, and Spark refuses it under dynamic allocation;
 * {@link #possible} says whether the cluster allows it now. A failed task fails its whole stage, and Spark does not
 * run a failed barrier result stage again (it may have delivered results), so {@link #run} runs the whole job again,
 * up to {@code spark.stage.maxConsecutiveAttempts} times in all (4 by default), Spark's limit for retrying a barrier
 * stage; the workers replay to the job's first step, so a new attempt computes the same bits.
 *
 * <p>Stateless; called on the driver.
 */
final class BarrierRounds {
    /** The jobs' tokens: unpredictable, so that no other process can pass for a task. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private BarrierRounds() {
    }

    /**
     * Whether a barrier job of {@code replicas} tasks can run on this context: dynamic allocation is off and the
     * executors' task slots (for the default resource profile) are at least {@code replicas}.
     *
     * @param sc       the context
     * @param replicas the fit's partitions
     * @return true when every partition can have its task running at once
     */
    static boolean possible(SparkContext sc, int replicas) {
        if (sc.conf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            return false;
        }
        return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile()) >= replicas;
    }

    /**
     * One barrier job over the fit's blocks, run again when it fails, as said above; a job run again publishes the
     * root's address anew (its task may have moved).
     *
     * @param job    the job; its token is replaced by a random one per attempt
     * @param blocks the fit's data
     * @return partition 0's result
     */
    static BlockResult run(RoundJob job, JavaRDD<PartitionData> blocks) {
        int attempts = blocks.context().conf().getInt("spark.stage.maxConsecutiveAttempts", 4);
        String rootAddress = job.rootAddress();
        for (int attempt = 1; ; attempt++) {
            RoundJob attemptJob = new RoundJob(job.config(), job.input(), job.sync(), job.round(), job.from(), job.to(),
                    rootAddress, RANDOM.nextLong());
            try {
                return runOnce(attemptJob, blocks);
            } catch (Exception e) {
                // Scala's runJob throws the checked SparkException undeclared.
                if (!(e instanceof SparkException) || attempt >= attempts) {
                    throw BarrierRounds.<RuntimeException>rethrow(e);
                }
                rootAddress = null;
            }
        }
    }

    /** Throws {@code e} as it is, checked or not. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Exception e) throws E {
        throw (E) e;
    }

    private static BlockResult runOnce(RoundJob job, JavaRDD<PartitionData> blocks) {
        RDD<BlockResult> rdd = blocks.rdd().barrier().mapPartitions(new BarrierTask(job), false,
                ClassTag$.MODULE$.apply(BlockResult.class));
        Object results = blocks.context().runJob(rdd, new FirstOrNull(), ClassTag$.MODULE$.apply(BlockResult.class));
        return ((BlockResult[]) results)[0];
    }

    /** A partition's only result, or null when it has none: a plain function object, not a closure. */
    private static final class FirstOrNull extends AbstractFunction2<TaskContext, Iterator<BlockResult>, BlockResult>
            implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public BlockResult apply(TaskContext context, Iterator<BlockResult> results) {
            return results.hasNext() ? results.next() : null;
        }
    }
}
