package dev.vecnet.onnx;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFormat;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The ONNX {@link ModelFormat}: name {@code onnx}, extension {@code .onnx}; reads with
 * {@link OnnxImporter#readModel(Path)} and writes with {@link OnnxExporter#write(LoadedModel, Path)}. Found by
 * {@link java.util.ServiceLoader} on the class path ({@code META-INF/services}) and the module path (the module's
 * {@code provides}). Stateless and thread-safe.
 */
public final class OnnxModelFormat implements ModelFormat {

    /** The service instance; {@link java.util.ServiceLoader} calls this. */
    public OnnxModelFormat() {
    }

    @Override
    public String name() {
        return "onnx";
    }

    @Override
    public String fileExtension() {
        return ".onnx";
    }

    @Override
    public LoadedModel read(Path file) throws IOException {
        return OnnxImporter.readModel(file);
    }

    @Override
    public void write(LoadedModel model, Path file) throws IOException {
        OnnxExporter.write(model, file);
    }
}
