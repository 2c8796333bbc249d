package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PreprocessingTest {
    private static final Dataset TRAIN = Dataset.ofLabels(new float[] {1, 5, 10, 3, 5, 20}, 3, new int[] {0, 1});
    private static final Dataset OTHER = Dataset.ofLabels(new float[] {100, 5, 0}, 3, new int[] {0});

    @Test
    void statisticsComeFromTheTrainingSplitOnly() {
        Preprocessor center = Preprocessing.meanCenter().fit(TRAIN);
        assertArrayEquals(new float[] {98, 0, -15}, center.apply(OTHER).features());
        assertArrayEquals(new float[] {100, 5, 0}, OTHER.features(), "apply copies");
        Preprocessor standard = Preprocessing.standardize().fit(TRAIN);
        // feature 0: mean 2, std 1; feature 1: constant 5, std 0 -> only centred; feature 2: mean 15, std 5
        assertArrayEquals(new float[] {-1, 0, -1, 1, 0, 1}, standard.apply(TRAIN).features(), 1e-6f);
        assertArrayEquals(new float[] {98, 0, -3}, standard.apply(OTHER).features(), 1e-5f);
        assertArrayEquals(new float[] {1, 0, 5}, standard.state().get("std"));
    }

    @Test
    void imageMeanAndChannelMean() {
        // two 1x2 images with 3 channels (HWC): pixel values chosen so the means are easy
        Dataset images = Dataset.ofLabels(new float[] {1, 2, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9}, 6, new int[] {0, 0});
        Preprocessor meanImage = Preprocessing.meanImage().fit(images);
        assertEquals("mean_image", meanImage.kind());
        assertArrayEquals(new float[] {3, 4, 5, 5, 6, 7}, meanImage.state().get("mean"));
        Preprocessor channels = Preprocessing.channelMean(3).fit(images);
        assertArrayEquals(new float[] {4, 5, 6}, channels.state().get("mean"));
        assertArrayEquals(new float[] {-3, -3, -3, -1, -1, -1, 1, 1, 1, 3, 3, 3}, channels.apply(images).features());
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.channelMean(4).fit(images));
    }

    @Test
    void stateRoundTripsThroughKindAndNamedArrays() {
        float[] x = {7, 5, -2, 0.5f, 4, 30};
        for (Preprocessing p : new Preprocessing[] {Preprocessing.meanCenter(), Preprocessing.standardize(),
                Preprocessing.meanImage(), Preprocessing.channelMean(3)}) {
            Preprocessor fitted = p.fit(TRAIN);
            Map<String, float[]> state = fitted.state();
            Preprocessor restored = Preprocessor.fromState(fitted.kind(), state);
            float[] a = x.clone();
            float[] b = x.clone();
            fitted.applyInPlace(a, 0, 2, 3);
            restored.applyInPlace(b, 0, 2, 3);
            assertArrayEquals(a, b, fitted.kind());
            assertEquals(fitted.kind(), restored.kind());
        }
        assertThrows(IllegalArgumentException.class, () -> Preprocessor.fromState("whiten", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Preprocessor.fromState("standardize",
                Map.of("mean", new float[3])));
        assertThrows(IllegalArgumentException.class,
                () -> Preprocessing.standardize().fit(TRAIN).applyInPlace(new float[4], 0, 1, 4));
    }
}
