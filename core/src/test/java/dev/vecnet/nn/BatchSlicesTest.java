package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.WorkerTeam;

import org.junit.jupiter.api.Test;

/**
 * Data-parallel steps ({@code slices > 1}): the same bits on every team size and without one; against the
 * whole-batch step, the same scores bit for bit (rows are independent in a forward pass, and the slices draw
 * the dropout masks one context draws for their rows) and the same
 * gradient, loss and input gradient up to float summation order (which would be far off with a wrong
 * weighting of uneven slices); BatchNorm refused before anything runs.
 */
class BatchSlicesTest {
    private static final int BATCH = 50;

    private static Network network() {
        return Network.builder(40).dense(64).relu().dropout(0.3f).dense(33).leakyRelu(0.1f).prelu(true).maxout(11, 3)
                .dropout(0.2f).dense(5).l2(1e-3f).maxBatch(BATCH).seed(6).build();
    }

    private static float[] inputs() {
        float[] x = new float[BATCH * 40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.37 * i);
        }
        return x;
    }

    private static int[] labels() {
        int[] y = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            y[i] = (i * 7) % 5;
        }
        return y;
    }

    private record Step(float[] gradients, double loss, float[] scores, float[] inputGradient) {
    }

    private static Step step(Network net, int batch, int slices, WorkerTeam team) {
        return step(net.newTrainingContext(BATCH, true, team, slices), batch);
    }

    /** One step of {@code ctx} on the first {@code batch} examples. */
    private static Step step(TrainingContext ctx, int batch) {
        Network net = ctx.network();
        TrainingContext.Step s = ctx.forwardBackward(inputs(), 0, batch, labels(), null);
        float[] scores = java.util.Arrays.copyOf(s.scores(), batch * net.outputSize());
        float[] dx = java.util.Arrays.copyOf(s.inputGradient(), batch * net.inputSize());
        return new Step(ctx.gradients().clone(), s.loss(), scores, dx);
    }

    @Test
    void everyTeamSizeGivesTheBitsOfTheSlicesOnOneThread() {
        Network net = network();
        for (int slices : new int[] {2, 3, 4, 7}) {
            for (int batch : new int[] {BATCH, 23, 5}) {
                int s = Math.min(slices, batch);
                Step alone = step(net, batch, s, null);
                for (int threads = 1; threads <= 4; threads++) {
                    try (WorkerTeam team = new WorkerTeam(threads)) {
                        Step split = step(net, batch, s, team);
                        String what = s + " slices, batch " + batch + ", " + threads + " threads";
                        assertArrayEquals(alone.gradients(), split.gradients(), what + ": gradients");
                        assertEquals(alone.loss(), split.loss(), what + ": loss");
                        assertArrayEquals(alone.inputGradient(), split.inputGradient(), what + ": input gradient");
                    }
                }
            }
        }
    }

    @Test
    void slicesAgreeWithTheWholeBatchStep() {
        Network net = network();
        // 50 rows in 3 slices: 16, 17 and 17 rows, so each slice's weight differs from 1/3. Two steps in a row,
        // then a smaller batch: the dropout counters must move on as one context's do.
        TrainingContext wholeContext = net.newTrainingContext(BATCH, true, null, 1);
        TrainingContext slicedContext = net.newTrainingContext(BATCH, true, null, 3);
        for (int batch : new int[] {BATCH, BATCH, 29}) {
            Step whole = step(wholeContext, batch);
            Step sliced = step(slicedContext, batch);
            String what = "batch " + batch;
            assertArrayEquals(whole.scores(), sliced.scores(), what + ": scores (every row is computed the same way, "
                    + "with the same dropout mask)");
            assertEquals(whole.loss(), sliced.loss(), 1e-6 * Math.abs(whole.loss()), what + ": loss");
            assertClose(whole.gradients(), sliced.gradients(), what + ": gradients");
            assertClose(whole.inputGradient(), sliced.inputGradient(), what + ": input gradient");
        }
    }

    /** Each entry within 1e-5 of the largest magnitude: summation order, not a formula, may differ. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        float scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, what + " is all zeros");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f * scale, what + " [" + i + "]");
        }
    }

    @Test
    void aBadLabelIsReportedWithItsPlaceInTheBatch() {
        Network net = network();
        float[] before = net.parameters().values().clone();
        int[] labels = labels();
        labels[37] = 9;
        TrainingContext ctx = net.newTrainingContext(BATCH, false, null, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ctx.forwardBackward(inputs(), 0, BATCH, labels, null));
        // Slices of 16, 17 and 17 rows: example 37 is example 4 of slice 2, which starts at example 33.
        assertTrue(e.getMessage().contains("label 9 of example 4 is outside [0, 5)")
                && e.getMessage().contains("in slice 2: example 0 of the slice is example 33 of the batch"), e.getMessage());
        assertArrayEquals(before, net.parameters().values(), "parameters changed");
    }

    @Test
    void batchNormNetworksAreRefusedSlices() {
        Network net = Network.builder(10).dense(8).batchNorm().relu().dense(3).maxBatch(16).seed(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.newTrainingContext(16, false, null, 2));
        assertTrue(e.getMessage().contains("BatchNorm"), e.getMessage());
        assertEquals(1, net.newTrainingContext(16, false, null, 1).slices());
    }

    @Test
    void sliceCountsOutsideTheBatchAreRefused() {
        Network net = network();
        assertThrows(IllegalArgumentException.class, () -> net.newTrainingContext(8, false, null, 0));
        assertThrows(IllegalArgumentException.class, () -> net.newTrainingContext(8, false, null, 9));
        assertEquals(8, net.newTrainingContext(8, false, null, 8).slices());
    }
}
