package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.optim.Adam;
import dev.vecnet.testing.AllocationSites;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * On a team of 2 threads, training steps (forward, backward, L2, the optimizer step split across the team,
 * an evaluation of another batch size) and split batch inference allocate nothing in steady state: neither
 * the calling thread nor the worker. Rounds run until three in a row allocate 0 bytes on all of them (the
 * vector kernels allocate until C2 compiles them, on every thread).

 */
class ThreadedZeroAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** BatchNorm, dropout and ReLU layers, all split (128 x 256 elements is above the hand-off threshold). */
    private static Network normalised() {
        return Network.builder(300).dense(256).batchNorm().relu().dropout(0.3f).dense(200).relu().dense(10)
                .maxBatch(128).seed(3).build();
    }

    /** Leaky ReLU, per-feature PReLU, maxout and an L2 term, all split. */
    private static Network piecewise() {
        return Network.builder(300).dense(256).leakyRelu(0.1f).prelu(true).maxout(100, 2).dense(130).dense(10)
                .l2(1e-3f).maxBatch(128).seed(3).build();
    }

    private static float[] inputs(int n) {
        float[] x = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        return x;
    }

    /** The ids of the calling thread and the team's live workers. */
    private static long[] threadIds() {
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().getId());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("vecnet-worker-") && t.isAlive()) {
                ids.add(t.getId());
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** Bytes the threads have allocated, read one by one: the array form would allocate its result here. */
    private static long allocated(long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += THREADS.getThreadAllocatedBytes(id);
        }
        return sum;
    }

    private static void assertAllThreadsAllocateNothing(Runnable work, int callsPerRound, int maxRounds, int workers) {
        long[] ids = threadIds();
        assertEquals(workers + 1, ids.length, "the caller and the team's workers (no other team may be open)");
        int zeroRounds = 0;
        long last = -1;
        for (int round = 0; round < maxRounds && zeroRounds < 3; round++) {
            long before = allocated(ids);
            for (int i = 0; i < callsPerRound; i++) {
                work.run();
            }
            last = allocated(ids) - before;
            zeroRounds = last == 0 ? zeroRounds + 1 : 0;
        }
        if (last != 0) {
            fail("bytes allocated by the caller and the workers in the last " + callsPerRound + " calls: " + last
                    + "\n" + AllocationSites.of(work, callsPerRound));
        }
    }

    private static void assertTrainingAllocatesNothing(Network net) {
        assertTrainingAllocatesNothing(net, 1);
    }

    private static void assertTrainingAllocatesNothing(Network net, int slices) {
        float[] x = inputs(128 * 300);
        int[] labels = new int[128];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        Adam adam = new Adam(1e-3f);
        try (WorkerTeam team = new WorkerTeam(2)) {
            TrainingContext ctx = net.newTrainingContext(128, true, team, slices);
            Runnable step = () -> {
                ctx.forwardBackward(x, 0, 128, labels, null);
                adam.step(net.parameters(), ctx.gradients(), team);
                net.parametersChanged();
                ctx.evaluate(x, 0, 77, labels, null);
            };
            assertAllThreadsAllocateNothing(step, 50, 200, 1);
        }
    }

    @Test
    void threadedStepsWithBatchNormAndDropoutAllocateNothing() {
        assertTrainingAllocatesNothing(normalised());
    }

    @Test
    void threadedStepsWithPreluMaxoutAndL2AllocateNothing() {
        assertTrainingAllocatesNothing(piecewise());
    }

    /** ELU layers of 128 x 256 and 128 x 130 elements, forward and backward split across the team. */
    @Test
    void threadedStepsWithEluAllocateNothing() {
        assertTrainingAllocatesNothing(Network.builder(300).dense(256).elu().dense(130).elu().dense(10).l2(1e-3f)
                .maxBatch(128).seed(3).build());
    }

    /** Data-parallel steps: four slice replicas on the two threads, and the reduction split across them. */
    @Test
    void slicedStepsAllocateNothing() {
        assertTrainingAllocatesNothing(piecewise(), 4);
    }

    @Test
    void splitInferenceAllocatesNothing() {
        Network net = normalised();
        float[] x = inputs(1000 * 300);
        try (WorkerTeam team = new WorkerTeam(2)) {
            InferenceContext ctx = net.newInferenceContext(1000, team);
            assertAllThreadsAllocateNothing(() -> ctx.forward(x, 0, 1000), 20, 200, 1);
        }
    }
}
