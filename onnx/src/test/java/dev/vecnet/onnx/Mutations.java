package dev.vecnet.onnx;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.onnx.proto.OnnxProtos.ModelProto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** The longest refusal message: a few names and shapes of a file, each cut, and the words around them. */
    static final int MAX_MESSAGE_CHARS = 1000;

    /**
     * Asserts that {@code message} is fit for a terminal: it starts with "ONNX", is at most {@link #MAX_MESSAGE_CHARS}
     * long, holds no control or other invisible character, and does not speak of protobuf's API.
     */
    static void assertCleanMessage(String message) {
        assertNotNull(message);
        assertTrue(message.startsWith("ONNX"), message);
        assertTrue(message.length() <= MAX_MESSAGE_CHARS, () -> message.length() + " chars: "
                + message.substring(0, 300));
        assertTrue(message.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f || c > 0x9f
                && Character.getType(c) != Character.FORMAT && Character.getType(c) != Character.UNASSIGNED
                && Character.getType(c) != Character.LINE_SEPARATOR && Character.getType(c) != Character.SURROGATE
                && Character.getType(c) != Character.PARAGRAPH_SEPARATOR), message);
        for (String internal : new String[] {"setRecursionLimit", "setSizeLimit", "CodedInputStream", "Protocol message"}) {
            assertFalse(message.contains(internal), message);
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
            assertCleanMessage(refused.getMessage());
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
