package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Losses against their formulas, evaluated by hand in double. */
class LossTest {
    @Test
    void crossEntropyOfEqualScoresIsLnC() {
        float[] s = new float[3 * 10];
        double loss = Loss.softmaxCrossEntropy().compute(s, 3, 10, new int[] {0, 4, 9}, null, null);
        assertEquals(Math.log(10), loss, 1e-12);
    }

    @Test
    void crossEntropyIsStableForHugeScores() {
        float[] s = {1000f, -1000f, 0f};
        float[] ds = new float[3];
        double loss = Loss.softmaxCrossEntropy().compute(s, 1, 3, new int[] {1}, null, ds);
        assertEquals(2000.0, loss, 1e-9);
        assertEquals(1.0, ds[0], 1e-7);
        assertEquals(-1.0, ds[1], 1e-7);
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHotOverBatch() {
        float[] s = {1f, 2f, 3f, 0.5f, -1f, 0f};
        float[] ds = new float[6];
        Loss.softmaxCrossEntropy().compute(s, 2, 3, new int[] {2, 0}, null, ds);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals((Math.exp(3) / z - 1) / 2, ds[2], 1e-7);
        assertEquals(Math.exp(1) / z / 2, ds[0], 1e-7);
    }

    @Test
    void hingeIsTheCourseFormula() {
        // s = [3.2, 5.1, -1.7], y = 0: max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9 (CS231n's example).
        float[] s = {3.2f, 5.1f, -1.7f};
        float[] ds = new float[3];
        double loss = Loss.multiclassHinge().compute(s, 1, 3, new int[] {0}, null, ds);
        assertEquals(2.9, loss, 1e-6);
        assertEquals(-1f, ds[0]);
        assertEquals(1f, ds[1]);
        assertEquals(0f, ds[2]);
    }

    @Test
    void mseIsTheMeanOverAllElements() {
        float[] s = {1f, 2f, 3f, 4f};
        float[] t = {0f, 2f, 5f, 4f};
        float[] ds = new float[4];
        assertEquals((1 + 0 + 4 + 0) / 4.0, Loss.meanSquaredError().compute(s, 2, 2, null, t, ds), 1e-12);
        assertEquals(2 * (3f - 5f) / 4, ds[2], 1e-7);
    }

    @Test
    void binaryCrossEntropyIsStableAndMatchesTheLogForm() {
        float[] s = {0.3f, -200f, 200f};
        float[] t = {1f, 0f, 0f};
        double expected = (Math.log1p(Math.exp(-(double) 0.3f)) + Math.log1p(Math.exp(-200)) + 200) / 3;
        assertEquals(expected, Loss.sigmoidBinaryCrossEntropy().compute(s, 3, 1, null, t, null), 1e-9);
        // Class labels stand for targets with one output.
        assertEquals(expected, Loss.sigmoidBinaryCrossEntropy().compute(s, 3, 1, new int[] {1, 0, 0}, null, null), 1e-9);
    }

    @Test
    void lossesAreFoundByName() {
        for (String name : new String[] {"softmax_cross_entropy", "multiclass_hinge", "mean_squared_error",
            "sigmoid_binary_cross_entropy"}) {
            assertEquals(name, Loss.named(name).name());
        }
        assertThrows(IllegalArgumentException.class, () -> Loss.named("hinge2"));
    }
}
