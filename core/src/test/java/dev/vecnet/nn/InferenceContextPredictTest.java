package dev.vecnet.nn;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** forward returns the context's wide buffer; predict returns exactly the scores. */
class InferenceContextPredictTest {
    private final Network net = Network.builder(5).dense(16).relu().dense(3).maxBatch(8).seed(3).build();

    @Test
    void forwardIsTheWideBufferAndPredictCopiesExactlyTheScores() {
        InferenceContext ctx = net.newInferenceContext(8);
        float[] x = new float[2 + 4 * 5];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] buffer = ctx.forward(x, 2, 4);
        assertEquals(8 * 16, buffer.length, "maxBatch x widest layer, not batch x outputSize");
        float[] expected = Arrays.copyOf(buffer, 4 * 3);

        float[] scores = ctx.predict(x, 2, 4);
        assertEquals(4 * 3, scores.length);
        assertArrayEquals(expected, scores);
        assertTrue(scores != ctx.forward(x, 2, 4), "a new array, not the live buffer");

        float[] into = new float[1 + 12];
        ctx.predict(x, 2, 4, into, 1);
        assertArrayEquals(expected, Arrays.copyOfRange(into, 1, 13));
    }

    @Test
    void predictChecksTheBatchLikeForward() {
        assertThrows(IllegalArgumentException.class, () -> net.newInferenceContext(2).predict(new float[15], 0, 3));
    }
}
