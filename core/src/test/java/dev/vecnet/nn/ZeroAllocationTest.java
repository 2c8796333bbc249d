package dev.vecnet.nn;

import dev.vecnet.testing.SteadyState;

import org.junit.jupiter.api.Test;

/**
 * After warm-up, training steps and inference allocate nothing, at every batch size up to the maximum.
 * Warm-up matters: until C2 compiles the vector kernels they run in the interpreter and allocate, so
 * each case runs in rounds until three rounds in a row allocate nothing (or fails after a bound).
 */
class ZeroAllocationTest {
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
        TrainingContext ctx = net.newTrainingContext(16, true);
        Runnable step = () -> {
            for (int batch = 2; batch <= 16; batch += 7) {
                ctx.forwardBackward(x, 0, batch, labels, null);
                ctx.evaluate(x, 0, batch, labels, null);
                net.parametersChanged();
            }
        };
        SteadyState.assertAllocatesNothing(step, 1_000, 400);
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
        SteadyState.assertAllocatesNothing(predict, 1_000, 400);
    }

    /**
     * A thousand rows per call: few calls, so a kernel that runs once per call (the rows left below the
     * last full row panel) would stay uncompiled and box its vectors on every call; 110 kB per call before
     * those rows went through the main tile.
     */
    @Test
    void tallBatchInferenceAllocatesNothing() {
        Network net = Network.builder(128).dense(64).relu().dense(10).maxBatch(16).seed(5).build();
        int rows = 1000;
        InferenceContext ctx = net.newInferenceContext(rows);
        float[] x = new float[rows * 128];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        SteadyState.assertAllocatesNothing(() -> ctx.forward(x, 0, rows), 2, 100);
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
        SteadyState.assertAllocatesNothing(predict, 250, 400);
    }
}
