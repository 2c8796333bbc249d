package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad input is rejected with a clear message before anything is modified. */
class NetworkValidationTest {
    private final Network net = Network.builder(3).dense(4).relu().dense(2).maxBatch(4).seed(1).build();

    @Test
    void batchAboveTheMaximumIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.newTrainingContext(4, false).forwardBackward(new float[15], 0, 5, new int[5], null));
        assertTrue(e.getMessage().contains("batch must be in [1, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.newInferenceContext(2).forward(new float[9], 0, 3));
    }

    @Test
    void inputTooShortIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.newInferenceContext(4).forward(new float[5], 0, 2));
        assertTrue(e.getMessage().contains("x is too short"), e.getMessage());
    }

    @Test
    void nanInputIsRejectedAndNamesTheExample() {
        float[] x = {1, 2, 3, 4, Float.NaN, 6};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.newInferenceContext(4).forward(x, 0, 2));
        assertTrue(e.getMessage().contains("example 1, feature 1"), e.getMessage());
        assertFalse(e.getMessage().matches("(?s).*(Builder|\\w\\(\\w*\\)).*"), "names no Java method: " + e.getMessage());
    }

    @Test
    void nanChecksCanBeTurnedOff() {
        Network unchecked = Network.builder(3).dense(2).checkInputs(false).build();
        float[] out = unchecked.newInferenceContext(1).forward(new float[] {Float.NaN, 0, 0}, 0, 1);
        assertTrue(Float.isNaN(out[0]), "NaN propagates when checks are off");
    }

    @Test
    void labelOutOfRangeIsRejectedBeforeParametersChange() {
        TrainingContext ctx = net.newTrainingContext(4, false);
        ctx.forwardBackward(new float[] {1, 2, 3, 4, 5, 6}, 0, 2, new int[] {0, 1}, null);
        float[] before = ctx.gradients().clone();
        float[] values = net.parameters().values().clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ctx.forwardBackward(new float[6], 0, 2, new int[] {0, 2}, null));
        assertTrue(e.getMessage().contains("label 2"), e.getMessage());
        assertArrayEquals(before, ctx.gradients());
        assertArrayEquals(values, net.parameters().values());
    }

    @Test
    void batchNormTrainingBatchOfOneIsAClearError() {
        Network bn = Network.builder(3).dense(4).batchNorm().dense(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.newTrainingContext(1, false).forwardBackward(new float[3], 0, 1, new int[1], null));
        assertTrue(e.getMessage().contains("at least 2 examples"), e.getMessage());
        // Evaluation uses the running statistics, so one example is fine there.
        assertTrue(Float.isFinite(bn.newInferenceContext(1).forward(new float[3], 0, 1)[0]));
    }

    @Test
    void trainingContextSizeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> net.newTrainingContext(0, false));
        // Buffers are the context's: a context may be larger than the network's maxBatch.
        assertTrue(Double.isFinite(net.newTrainingContext(8, false).forwardBackward(new float[24], 0, 8, new int[8], null).loss()));
    }

    @Test
    void builderRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> Network.builder(0));
        assertThrows(IllegalArgumentException.class, () -> Network.builder(3).dropout(1f));
        assertThrows(IllegalArgumentException.class, () -> Network.builder(3).dense(0));
        assertThrows(IllegalArgumentException.class, () -> Network.builder(3).l2(-1f));
        assertThrows(IllegalArgumentException.class, () -> Network.builder(3).maxout(2, 1));
        assertThrows(IllegalArgumentException.class, () -> Network.builder(3).build());
    }

    @Test
    void targetLossWithoutTargetsIsRejected() {
        Network mse = Network.builder(3).dense(2).loss(Loss.meanSquaredError()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mse.newTrainingContext(1, false).forwardBackward(new float[3], 0, 1, new int[1], null));
        assertTrue(e.getMessage().contains("targets"), e.getMessage());
    }
}
