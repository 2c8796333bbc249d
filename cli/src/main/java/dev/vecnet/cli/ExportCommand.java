package dev.vecnet.cli;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFormat;
import dev.vecnet.format.ModelFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vecnet export MODEL --onnx OUT}: writes a model file of {@code train} as an ONNX graph, the
 * standardisation in front of the network and a softmax behind it for softmax models, through the
 * {@link ModelFormat} named {@code onnx} (the optional module {@code dev.vecnet:vecnet-onnx}). Refuses to replace
 * an existing file unless {@code --overwrite}; the write is atomic. Not thread-safe; one call per instance.
 */
@Command(name = "export", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Export a model file to another format (ONNX).",
        footer = {"", "The ONNX graph (opset 13, dynamic batch axis) takes the raw features, as 'predict' does: the "
                + "model's standardisation is part of the graph. Softmax and sigmoid models output 'probabilities', "
                + "other models their 'scores'. ONNX Runtime runs it. See docs/onnx.md."})
final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by 'vecnet train' (model.safetensors).")
    Path modelFile;

    @Option(names = "--onnx", paramLabel = "FILE", required = true, description = "The ONNX file to write.")
    Path onnxFile;

    @Option(names = "--overwrite", description = "Replace the ONNX file if it exists.")
    boolean overwrite;

    private final Output output;

    /** A command writing its summary to {@code output}. */
    ExportCommand(Output output) {
        this.output = output;
    }

    @Override
    public Integer call() {
        ModelFormat onnx = ModelFormat.named("onnx").orElseThrow(() -> new CommandFailedException(
                "ONNX export needs the module vecnet-onnx, which is not on the class path (./vecnet adds it once "
                        + "onnx/ is built)"));
        if (Files.exists(onnxFile) && !overwrite) {
            throw new CommandFailedException(onnxFile + " exists; choose another --onnx file, or add --overwrite to "
                    + "replace it");
        }
        StoredModel stored = StoredModel.load(modelFile);
        LoadedModel model = stored.preprocessor() == null
                ? new LoadedModel(stored.network(), null, Map.of(), null, Map.of(), Map.of())
                : new LoadedModel(stored.network(), stored.preprocessor().kind(), stored.preprocessor().state(), null,
                        Map.of(), Map.of());
        try {
            onnx.write(model, onnxFile);
        } catch (ModelFormatException e) {
            throw new CommandFailedException("cannot export " + modelFile + " to ONNX: " + e.getMessage(), e);
        } catch (IOException e) {
            throw OutputFiles.failedToWrite(onnxFile, e);
        }
        output.out().println("exported " + modelFile + " to " + onnxFile + " (ONNX)");
        output.out().flush();
        return 0;
    }
}
