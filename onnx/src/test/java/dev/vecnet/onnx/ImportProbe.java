package dev.vecnet.onnx;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFormatException;

import java.nio.file.Path;

/**
 * Imports one ONNX file in a JVM of its own (started by {@link OnnxBoundedMemoryTest} with a small heap) and prints
 * the outcome on one line: {@code imported <inputs> <outputs>} or {@code refused <message>}. Any other exception or
 * error, an OutOfMemoryError included, escapes main: the JVM then exits with a non-zero status.
 */
final class ImportProbe {
    private ImportProbe() {
    }

    public static void main(String[] args) throws Exception {
        try {
            LoadedModel model = OnnxImporter.readModel(Path.of(args[0]));
            System.out.println("imported " + model.network().inputSize() + " " + model.network().outputSize());
        } catch (ModelFormatException refused) {
            System.out.println("refused " + refused.getMessage());
        }
    }
}
