package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.fail;

import dev.vecnet.testing.AllocationSites;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

/**
 * After warm-up, training steps and inference allocate nothing, at every batch size up to the maximum.
 * Warm-up matters: until C2 compiles the vector kernels they run in the interpreter and allocate, so
 * each case runs in rounds until three rounds in a row allocate nothing (or fails after a bound).
 */
class ZeroAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBy(Runnable work, int calls) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            work.run();
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * Runs {@code work} in rounds until three consecutive rounds allocate nothing, and fails if that does
     * not happen within {@code maxRounds}: the steady state must be allocation-free, however long the
     * JIT takes to reach it (rarely-taken kernel paths compile last).
     */
    private static void assertSteadyStateAllocatesNothing(Runnable work, int callsPerRound, int maxRounds) {
        int zeroRounds = 0;
        long last = -1;
        for (int round = 0; round < maxRounds && zeroRounds < 3; round++) {
            last = allocatedBy(work, callsPerRound);
            zeroRounds = last == 0 ? zeroRounds + 1 : 0;
        }
        if (last != 0) {
            fail("bytes allocated by the last " + callsPerRound + " calls after " + maxRounds + " rounds: " + last
                    + "\n" + AllocationSites.of(work, callsPerRound));
        }
    }

    private static Network network() {
        return Network.builder(20).dense(32).batchNorm().relu().dropout(0.3f).dense(32).leakyRelu()
                .maxout(8, 2).prelu(true).dense(16).elu().dense(5).tanh().dense(4).sigmoid()
                .l2(1e-3f).maxBatch(16).seed(3).build();
    }

    @Test
    void trainingStepsAllocateNothing() {
        Network net = network();
        float[] x = new float[16 * 20];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        int[] labels = new int[16];
        for (int i = 0; i < 16; i++) {
            labels[i] = i % 4;
        }
        Runnable step = () -> {
            for (int batch = 2; batch <= 16; batch += 7) {
                net.forwardBackward(x, 0, batch, labels, null);
                net.parametersChanged();
            }
        };
        assertSteadyStateAllocatesNothing(step, 1_000, 400);
    }

    @Test
    void inferenceAllocatesNothing() {
        Network net = network();
        InferenceContext ctx = net.newInferenceContext(16);
        float[] x = new float[16 * 20];
        int[] classes = new int[16];
        Runnable predict = () -> {
            for (int batch = 1; batch <= 16; batch += 5) {
                ctx.forward(x, 0, batch);
                ctx.classify(x, 0, batch, classes, 0);
            }
        };
        assertSteadyStateAllocatesNothing(predict, 1_000, 400);
    }

    @Test
    void monteCarloDropoutAllocatesNothing() {
        Network net = network();
        MonteCarloDropout mc = new MonteCarloDropout(net, 16, 4, 9);
        float[] x = new float[16 * 20];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.cos(i);
        }
        float[] probabilities = new float[16 * 4];
        Runnable predict = () -> {
            for (int batch = 1; batch <= 16; batch += 5) {
                mc.predictProbabilities(x, 0, batch, probabilities, 0);
            }
        };
        assertSteadyStateAllocatesNothing(predict, 250, 400);
    }
}
