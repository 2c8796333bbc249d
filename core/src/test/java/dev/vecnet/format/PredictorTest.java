package dev.vecnet.format;

import dev.vecnet.data.Preprocessor;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.Predictor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** LoadedModel.predictor gives the scores of restoring the preprocessing and running the network by hand. */
class PredictorTest {
    private static final float[] MEAN = {10f, -3f, 0.5f, 100f};
    private static final float[] STD = {2f, 0.25f, 1f, 40f};

    private final Network net = Network.builder(4).dense(8).relu().dense(3).seed(7).build();

    @Test
    void predictorMatchesPreprocessingAndNetworkByHand() throws ModelFormatException {
        LoadedModel loaded = ModelFile.read(ModelFile.toBytes(net, SaveOptions.defaults()
                .withPreprocessing("standardize", Map.of("mean", MEAN, "std", STD))), LoadOptions.defaults());
        float[] raw = rawInputs(5);
        float[] original = raw.clone();

        float[] byHand = raw.clone();
        Preprocessor p = Preprocessor.fromState(loaded.preprocessingKind(), loaded.preprocessing());
        p.applyInPlace(byHand, 0, 5, 4);
        InferenceContext ctx = loaded.network().newInferenceContext(8);
        float[] expected = ctx.predict(byHand, 0, 5);

        Predictor predictor = loaded.predictor(8);
        float[] scores = predictor.predict(raw, 0, 5);
        assertArrayEquals(expected, scores);
        assertArrayEquals(original, raw, "the caller's inputs are not modified");
        assertFalse(Arrays.equals(ctx.predict(raw, 0, 5), scores), "the preprocessing was applied");

        float[] into = new float[2 + 15];
        predictor.predict(raw, 0, 5, into, 2);
        assertArrayEquals(expected, Arrays.copyOfRange(into, 2, 17));
        int[] classes = new int[5];
        int[] expectedClasses = new int[5];
        predictor.classify(raw, 0, 5, classes, 0);
        ctx.classify(byHand, 0, 5, expectedClasses, 0);
        assertArrayEquals(expectedClasses, classes);
        assertEquals(expectedClasses[3], predictor.classify(raw, 12));
        float[] probabilities = new float[15];
        float[] expectedProbabilities = new float[15];
        predictor.predictProbabilities(raw, 0, 5, probabilities, 0);
        ctx.predictProbabilities(byHand, 0, 5, expectedProbabilities, 0);
        assertArrayEquals(expectedProbabilities, probabilities);
    }

    @Test
    void withoutStoredPreprocessingItRunsTheNetworkOnTheInputs() throws ModelFormatException {
        LoadedModel loaded = ModelFile.read(ModelFile.toBytes(net, SaveOptions.defaults()), LoadOptions.defaults());
        assertNull(loaded.preprocessor());
        float[] raw = rawInputs(3);
        assertArrayEquals(loaded.network().newInferenceContext(3).predict(raw, 0, 3), loaded.predictor(3).predict(raw, 0, 3));
    }

    @Test
    void badBatchesAreRejected() throws ModelFormatException {
        LoadedModel loaded = ModelFile.read(ModelFile.toBytes(net, SaveOptions.defaults()), LoadOptions.defaults());
        assertThrows(IllegalArgumentException.class, () -> loaded.predictor(0));
        Predictor predictor = loaded.predictor(2);
        assertThrows(IllegalArgumentException.class, () -> predictor.predict(new float[12], 0, 3));
        assertThrows(IllegalArgumentException.class, () -> predictor.predict(new float[7], 0, 2));
    }

    private static float[] rawInputs(int n) {
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[n * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = MEAN[i % 4] + STD[i % 4] * (float) r.nextGaussian();
        }
        return x;
    }
}
