package dev.vecnet.spark;

import dev.vecnet.nn.Network;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.train.TrainingDivergedException;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The barrier-job paths ({@link BarrierRounds}) against the one-job-per-round path on the same seed and
 * partitioning: the same weights, batch counts and round losses, bit for bit, on two partitions of {@code local[2,2]}.
 */
class BarrierRoundsTest {
    private static final int FEATURES = 8;
    private static final int CLASSES = 3;
    private static final TestData DATA = new TestData(300, FEATURES, CLASSES, 2.0, 11);
    /** Whether a training task ran in a barrier stage; tasks run in this JVM in local mode. */
    private static final AtomicBoolean IN_BARRIER = new AtomicBoolean();
    /** Calls of the retry test's hook at its failing step. */
    private static final AtomicInteger FAILURES = new AtomicInteger();
    private static SparkSession spark;
    private static final AtomicInteger JOBS = new AtomicInteger();

    @BeforeAll
    static void start() {
        spark = SparkSessions.start();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                JOBS.incrementAndGet();
            }
        });
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** BatchNorm (pooled running statistics) and dropout (per-partition masks) on purpose. */
    private static Network network() {
        return Network.builder(FEATURES).dense(16).batchNorm().relu().dropout(0.2f).dense(CLASSES).seed(5).build();
    }

    /** A fit's outcome: weights, batch counts, round losses, the jobs it ran, whether its tasks were barrier tasks. */
    private record Outcome(float[] weights, long[] tracked, List<Double> losses, int jobs, boolean barrier) {
    }

    private static Outcome fit(SparkTrainer.Builder settings, boolean barrierJobs) {
        Network net = network();
        List<Double> losses = new ArrayList<>();
        IN_BARRIER.set(false);
        int jobsBefore = JOBS.get();
        settings.barrierJobs(barrierJobs).listener((round, loss) -> losses.add(loss))
                .hook((round, partition) -> {
                    if (TaskContext.get() instanceof BarrierTaskContext) {
                        IN_BARRIER.set(true);
                    }
                })
                .build().fit(net, DATA.frame(spark, 2), "features", "label", new OptimizerSpec("adam", 0.01f));
        return new Outcome(net.parameters().values().clone(), net.batchesTracked(), losses, JOBS.get() - jobsBefore,
                IN_BARRIER.get());
    }

    private static void assertSameFit(Outcome expected, Outcome actual) {
        assertArrayEquals(expected.weights(), actual.weights());
        assertArrayEquals(expected.tracked(), actual.tracked());
        assertEquals(expected.losses(), actual.losses());
    }

    @Test
    void exactModeInBarrierJobsIsTheOneJobPerStepPathBitForBit() {
        // 10 steps per epoch, a checkpoint-free fit of 3 epochs with a schedule that changes the rate every step.
        LearningRateSchedule schedule = LearningRateSchedule.stepDecay(0.01f, 0.9f, 1);
        SparkTrainer.Builder settings = SparkTrainer.builder().sync(SyncMode.EXACT).numReplicas(2).epochs(3)
                .batchSize(30).seed(7).schedule(schedule);
        Outcome perStep = fit(settings, false);
        Outcome blocks = fit(settings, true);

        assertFalse(perStep.barrier());
        assertTrue(blocks.barrier());
        assertEquals(30, blocks.losses().size());
        assertSameFit(perStep, blocks);
        assertTrue(blocks.jobs() + 27 <= perStep.jobs(), "one job per epoch instead of one per step: "
                + blocks.jobs() + " against " + perStep.jobs());
    }

    @Test
    void localSgdReducedOnAnExecutorIsTheDriversAverageBitForBit() {
        SparkTrainer.Builder settings = SparkTrainer.builder().sync(SyncMode.LOCAL_SGD).syncEvery(3).numReplicas(2)
                .epochs(3).batchSize(16).seed(4);
        Outcome collected = fit(settings, false);
        Outcome reduced = fit(settings, true);

        assertFalse(collected.barrier());
        assertTrue(reduced.barrier());
        assertSameFit(collected, reduced);
    }

    /** A listener that stops in the middle of a block leaves the weights of the round it stopped at. */
    @Test
    void aListenerThatStopsInsideABlockLeavesThatRoundsWeights() {
        float[][] weights = new float[2][];
        for (boolean barrierJobs : new boolean[] {false, true}) {
            Network net = network();
            FitSummary summary = SparkTrainer.builder().sync(SyncMode.EXACT).numReplicas(2).epochs(2).batchSize(30)
                    .seed(7).barrierJobs(barrierJobs).listener((round, loss) -> round < 4).build()
                    .fit(net, DATA.frame(spark, 2), "features", "label", new OptimizerSpec("adam", 0.01f));
            assertEquals(4, summary.roundsDone());
            weights[barrierJobs ? 1 : 0] = net.parameters().values().clone();
        }
        assertArrayEquals(weights[0], weights[1]);
    }

    /**
     * A rate that jumps to 1e38 after step 5 makes the weights diverge inside an epoch's block: the fit fails at the
     * same step as in the one-job-per-step path, with the same weights (those the failing step started from, which
     * the listener last saw).
     */
    @Test
    void aStepThatDivergesInsideABlockFailsAsInTheOneJobPerStepPath() {
        LearningRateSchedule jump = (step, epoch) -> step < 5 ? 0.01f : 1e38f;
        float[][] weights = new float[2][];
        long[] failedAt = new long[2];
        for (boolean barrierJobs : new boolean[] {false, true}) {
            Network net = network();
            long[] told = {0};
            float[][] seen = {net.parameters().values().clone()};
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> SparkTrainer.builder()
                    .sync(SyncMode.EXACT).numReplicas(2).epochs(2).batchSize(30).seed(7).schedule(jump)
                    .barrierJobs(barrierJobs).listener((round, loss) -> {
                        told[0] = round;
                        seen[0] = net.parameters().values().clone();
                        return true;
                    }).build()
                    .fit(net, DATA.frame(spark, 2), "features", "label", new OptimizerSpec("sgd", 0.01f)));
            assertTrue(e.iteration() >= 5 && e.iteration() < 10, e.getMessage());
            assertEquals(told[0], e.iteration());
            assertArrayEquals(seen[0], net.parameters().values());
            weights[barrierJobs ? 1 : 0] = net.parameters().values().clone();
            failedAt[barrierJobs ? 1 : 0] = e.iteration();
        }
        assertEquals(failedAt[0], failedAt[1]);
        assertArrayEquals(weights[0], weights[1]);
    }

    /** A task that fails in the middle of a block: the job runs again, the workers replay, the bits are the same. */
    @Test
    void aBlockWhoseTaskFailsIsRunAgainToTheSameBits() {
        SparkTrainer.Builder settings = SparkTrainer.builder().sync(SyncMode.EXACT).numReplicas(2).epochs(2)
                .batchSize(30).seed(7);
        Outcome clean = fit(settings, true);

        Network net = network();
        FAILURES.set(0);
        settings.barrierJobs(true).listener(null).hook((step, partition) -> {
            if (step == 13 && partition == 1 && FAILURES.getAndIncrement() == 0) {
                throw new IllegalStateException("the first attempt of step 13 fails");
            }
        }).build().fit(net, DATA.frame(spark, 2), "features", "label", new OptimizerSpec("adam", 0.01f));

        assertEquals(2, FAILURES.get());
        assertArrayEquals(clean.weights(), net.parameters().values());
    }

    @Test
    void barrierJobsNeedASlotForEveryReplica() {
        assertTrue(BarrierRounds.possible(spark.sparkContext(), 2));
        assertFalse(BarrierRounds.possible(spark.sparkContext(), 3), "local[2,2] has two task slots");
    }
}
