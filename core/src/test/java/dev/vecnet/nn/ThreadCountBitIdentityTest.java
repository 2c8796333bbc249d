package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.optim.Adam;
import dev.vecnet.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Training steps and inference on a team of 1, 2, 3 and 4 threads give the bits of the single-threaded
 * path (no team): parameters, gradients, losses, running statistics and scores, over several steps of
 * networks with every layer kind, BatchNorm, dropout, PReLU (per feature and shared), maxout, the dense
 * layer's transposed forward, and an L2 term. The layers are wide and the batches long enough that every
 * pass is really split (each is above the hand-off thresholds), and odd sizes make the parts uneven.
 */
class ThreadCountBitIdentityTest {
    private static final int[] TEAM_SIZES = {1, 2, 3, 4};
    private static final int STEPS = 3;

    /** Everything: BatchNorm, dropout, leaky ReLU and ReLU fused, PReLU both ways, maxout, ELU, tanh. */
    private static Network mixed() {
        return Network.builder(300).dense(260).batchNorm().relu().dropout(0.25f).dense(203).leakyRelu(0.1f)
                .prelu(true).maxout(97, 3).prelu().dense(130).elu().dense(150).tanh().dense(7)
                .l2(1e-3f).maxBatch(96).seed(11).build();
    }

    /** Weights far larger than the batch: the dense layers take the transposed forward {@code Y^T = W X^T}. */
    private static Network transposedForward() {
        return Network.builder(700).dense(600).relu().dense(500).sigmoid().dense(10)
                .maxBatch(12).seed(5).build();
    }

    /** One step's observable results. */
    private record Trace(List<int[]> parameters, List<int[]> gradients, List<int[]> scores, List<Long> losses,
                         List<int[]> inputGradients) {
        Trace() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private static int[] bits(float[] a, int n) {
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            b[i] = Float.floatToRawIntBits(a[i]);
        }
        return b;
    }

    private static float[] inputs(int rows, int features, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static int[] labels(int rows, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = r.nextInt(classes);
        }
        return y;
    }

    /** STEPS training steps (batch sizes varying) with Adam on a fresh network, on {@code team} (or none). */
    private static Trace train(Supplier<Network> build, int[] batches, WorkerTeam team) {
        Network net = build.get();
        int maxBatch = net.maxBatch();
        TrainingContext ctx = net.newTrainingContext(maxBatch, true, team);
        Optimizer adam = new Adam(1e-2f);
        float[] x = inputs(maxBatch, net.inputSize(), 1);
        int[] y = labels(maxBatch, net.outputSize(), 2);
        Trace trace = new Trace();
        for (int step = 0; step < STEPS; step++) {
            int batch = batches[step % batches.length];
            TrainingContext.Step s = ctx.forwardBackward(x, 0, batch, y, null);
            trace.losses().add(Double.doubleToRawLongBits(s.loss()));
            trace.scores().add(bits(s.scores(), batch * net.outputSize()));
            trace.inputGradients().add(bits(s.inputGradient(), batch * net.inputSize()));
            trace.gradients().add(bits(ctx.gradients(), ctx.gradients().length));
            adam.step(net.parameters(), ctx.gradients(), team);
            net.parametersChanged();
            trace.parameters().add(bits(net.parameters().values(), net.parameters().size()));
        }
        TrainingContext.Step eval = ctx.evaluate(x, 0, maxBatch, y, null);
        trace.losses().add(Double.doubleToRawLongBits(eval.loss()));
        trace.scores().add(bits(eval.scores(), maxBatch * net.outputSize()));
        return trace;
    }

    private static void assertSameTrace(Trace expected, Trace actual, String what) {
        assertEquals(expected.losses(), actual.losses(), what + ": losses");
        for (int i = 0; i < expected.parameters().size(); i++) {
            assertArrayEquals(expected.gradients().get(i), actual.gradients().get(i), what + ": gradients of step " + i);
            assertArrayEquals(expected.inputGradients().get(i), actual.inputGradients().get(i),
                    what + ": input gradient of step " + i);
            assertArrayEquals(expected.parameters().get(i), actual.parameters().get(i),
                    what + ": parameters after step " + i);
        }
        for (int i = 0; i < expected.scores().size(); i++) {
            assertArrayEquals(expected.scores().get(i), actual.scores().get(i), what + ": scores of pass " + i);
        }
    }

    private static void assertEveryTeamSizeMatches(Supplier<Network> build, int[] batches) {
        Trace single = train(build, batches, null);
        for (int threads : TEAM_SIZES) {
            try (WorkerTeam team = new WorkerTeam(threads)) {
                assertSameTrace(single, train(build, batches, team), threads + " threads");
            }
        }
    }

    @Test
    void everyLayerKindGivesTheSameBitsOnAnyTeam() {
        assertEveryTeamSizeMatches(ThreadCountBitIdentityTest::mixed, new int[] {96, 77, 64});
    }

    @Test
    void theTransposedForwardGivesTheSameBitsOnAnyTeam() {
        Network probe = transposedForward();
        Dense first = (Dense) probe.layers().get(0);
        assertTrue((long) first.outputSize() * first.inputSize() > 2L * 12 * (first.inputSize() + first.outputSize()),
                "the first layer must take the transposed forward at batch 12");
        assertEveryTeamSizeMatches(ThreadCountBitIdentityTest::transposedForward, new int[] {12, 9, 11});
    }

    @Test
    void batchInferenceGivesTheSameBitsOnAnyTeam() {
        Network net = mixed();
        int rows = 1001;
        float[] x = inputs(rows, net.inputSize(), 7);
        InferenceContext single = net.newInferenceContext(rows);
        int[] expected = bits(single.forward(x, 0, rows), rows * net.outputSize());
        for (int threads : TEAM_SIZES) {
            try (WorkerTeam team = new WorkerTeam(threads)) {
                InferenceContext ctx = net.newInferenceContext(rows, team);
                for (int batch : new int[] {rows, 500, 3}) {
                    int[] got = bits(ctx.forward(x, 0, batch), batch * net.outputSize());
                    assertArrayEquals(java.util.Arrays.copyOf(expected, batch * net.outputSize()), got,
                            threads + " threads, batch " + batch);
                }
            }
        }
    }

    @Test
    void aSplitInferenceNamesTheNonFiniteExample() {
        Network net = mixed();
        int rows = 900;
        float[] x = inputs(rows, net.inputSize(), 8);
        x[777 * net.inputSize() + 5] = Float.NaN;
        try (WorkerTeam team = new WorkerTeam(3)) {
            InferenceContext ctx = net.newInferenceContext(rows, team);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ctx.forward(x, 0, rows));
            assertTrue(e.getMessage().contains("example 777, feature 5"), e.getMessage());
        }
    }

    @Test
    void aClosedTeamIsRefusedWhenAContextIsCreated() {
        Network net = transposedForward();
        WorkerTeam team = new WorkerTeam(2);
        team.close();
        assertThrows(IllegalArgumentException.class, () -> net.newTrainingContext(4, false, team));
        assertThrows(IllegalArgumentException.class, () -> net.newInferenceContext(4, team));
    }
}
