package dev.vecnet.nn;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each spec checks its settings and names the setting and the value; shapes and counts follow the layers. */
class LayerSpecTest {

    private static void rejects(String message, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertEquals(message, e.getMessage());
    }

    @Test
    void layerSettingsAreCheckedWithTheSettingAndValueNamed() {
        rejects("dense units must be >= 1, was 0", () -> new LayerSpec.Dense(0));
        rejects("maxout units must be >= 1, was -2", () -> new LayerSpec.Maxout(-2, 2));
        rejects("maxout pieces must be >= 2, was 1", () -> new LayerSpec.Maxout(3, 1));
        rejects("maxout units * pieces must be at most 2147483647, was 65536 * 32768",
                () -> new LayerSpec.Maxout(65536, 32768));
        rejects("leaky_relu slope must be finite, was NaN", () -> new LayerSpec.LeakyRelu(Float.NaN));
        rejects("leaky_relu slope must be finite, was Infinity", () -> new LayerSpec.LeakyRelu(Float.POSITIVE_INFINITY));
        rejects("elu alpha must be finite and > 0, was 0.0", () -> new LayerSpec.Elu(0f));
        rejects("elu alpha must be finite and > 0, was NaN", () -> new LayerSpec.Elu(Float.NaN));
        rejects("batchnorm eps must be finite and > 0, was -1.0E-5", () -> new LayerSpec.BatchNorm(-1e-5f, 0.1f));
        rejects("batchnorm eps must be finite and > 0, was Infinity", () -> new LayerSpec.BatchNorm(Float.POSITIVE_INFINITY, 0.1f));
        rejects("batchnorm momentum must be in [0, 1], was 1.5", () -> new LayerSpec.BatchNorm(1e-5f, 1.5f));
        rejects("dropout p must be in [0, 1), was 1.0", () -> new LayerSpec.Dropout(1f));
        rejects("dropout p must be in [0, 1), was -0.1", () -> new LayerSpec.Dropout(-0.1f));
        rejects("dropout p must be in [0, 1), was NaN", () -> new LayerSpec.Dropout(Float.NaN));
    }

    @Test
    void defaultsArePyTorchs() {
        assertEquals(new LayerSpec.LeakyRelu(0.01f), new LayerSpec.LeakyRelu());
        assertEquals(new LayerSpec.Elu(1f), new LayerSpec.Elu());
        assertEquals(new LayerSpec.PRelu(false), new LayerSpec.PRelu());
        assertEquals(new LayerSpec.BatchNorm(1e-5f, 0.1f), new LayerSpec.BatchNorm());
        assertEquals(new LayerSpec.Dense(5, null), new LayerSpec.Dense(5));
        assertEquals(new LayerSpec.Maxout(5, 2, null), new LayerSpec.Maxout(5, 2));
    }

    @Test
    void networkSpecIsCheckedWithTheComponentNamed() {
        List<LayerSpec> one = List.of(new LayerSpec.Dense(2));
        Loss loss = Loss.softmaxCrossEntropy();
        rejects("inputSize must be >= 1, was 0", () -> new NetworkSpec(0, one));
        rejects("layers must hold at least one layer, was []", () -> new NetworkSpec(3, List.of()));
        rejects("layers must hold at least one layer, was null", () -> new NetworkSpec(3, null));
        rejects("layers[1] is null", () -> new NetworkSpec(3, Arrays.asList(new LayerSpec.Dense(2), null)));
        rejects("loss must not be null", () -> new NetworkSpec(3, one, null, 0f, Init.HE_NORMAL));
        rejects("l2 must be finite and >= 0, was -1.0", () -> new NetworkSpec(3, one, loss, -1f, Init.HE_NORMAL));
        rejects("l2 must be finite and >= 0, was NaN", () -> new NetworkSpec(3, one, loss, Float.NaN, Init.HE_NORMAL));
        rejects("init must not be null", () -> new NetworkSpec(3, one, loss, 0f, null));
        rejects("maxBatch must be >= 1, was 0", () -> BuildOptions.defaults().withMaxBatch(0));
    }

    @Test
    void sizesAndParameterCountsFollowTheLayers() {
        NetworkSpec spec = new NetworkSpec(3, List.of(new LayerSpec.Dense(4), new LayerSpec.Relu(), new LayerSpec.BatchNorm(),
                new LayerSpec.PRelu(true), new LayerSpec.Maxout(2, 3), new LayerSpec.Dropout(0.5f), new LayerSpec.PRelu(),
                new LayerSpec.Dense(5, Init.UNIFORM), new LayerSpec.Sigmoid()));
        assertArrayEquals(new int[] {3, 4, 4, 4, 4, 2, 2, 2, 5, 5}, spec.inputSizes());
        assertEquals(5, spec.outputSize());
        // dense 3->4, batch norm 4 x 4, prelu 4, maxout 4->2x3, prelu 1, dense 2->5
        long expected = 4 * 4 + 4 * 4 + 4 + 6 * 5 + 1 + 5 * 3;
        assertEquals(expected, spec.parameterCount());
        assertEquals(expected, Network.from(spec, BuildOptions.defaults()).parameters().size());
    }

    @Test
    void theSpecListIsACopy() {
        java.util.ArrayList<LayerSpec> layers = new java.util.ArrayList<>(List.of(new LayerSpec.Dense(2)));
        NetworkSpec spec = new NetworkSpec(3, layers);
        layers.add(new LayerSpec.Relu());
        assertEquals(List.of(new LayerSpec.Dense(2)), spec.layers());
        assertThrows(UnsupportedOperationException.class, () -> spec.layers().add(new LayerSpec.Relu()));
    }
}
