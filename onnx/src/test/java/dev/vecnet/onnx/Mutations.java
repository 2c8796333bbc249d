package dev.vecnet.onnx;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.onnx.proto.OnnxProtos.ModelProto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden graphs changed through the generated message builders, and the one check every hostile input passes. */
final class Mutations {
    private Mutations() {
    }

    /** The golden model {@code name} with {@code change} applied, encoded. */
    static byte[] mutate(String name, Consumer<ModelProto.Builder> change) {
        try {
            ModelProto.Builder model = ModelProto.parseFrom(Golden.model(name)).toBuilder();
            change.accept(model);
            return model.build().toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Imports {@code bytes}: either a model whose network runs and gives one output row per example, or one
     * {@link ModelFormatException}; any other exception or error propagates and fails the caller.
     *
     * @return true when the bytes imported
     */
    static boolean importsOrRefuses(byte[] bytes) {
        LoadedModel model;
        try {
            model = OnnxImporter.readModel(bytes);
        } catch (ModelFormatException refused) {
            assertNotNull(refused.getMessage());
            assertTrue(refused.getMessage().startsWith("ONNX"), refused.getMessage());
            return false;
        }
        int width = model.network().inputSize();
        int outputs = model.network().outputSize();
        assertTrue(width >= 1 && outputs >= 1);
        float[] x = TestNetworks.inputs(2, width, 5);
        float[] y = new float[2 * outputs];
        model.predictor(2).predictProbabilities(x, 0, 2, y, 0);
        assertEquals(model.network().spec().parameterCount(), model.network().parameters().size());
        return true;
    }
}
