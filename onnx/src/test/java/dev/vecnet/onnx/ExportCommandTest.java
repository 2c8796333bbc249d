package dev.vecnet.onnx;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Datasets;
import dev.vecnet.data.Preprocessing;
import dev.vecnet.data.Preprocessor;
import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFile;
import dev.vecnet.format.SaveOptions;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Adam;
import dev.vecnet.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vecnet export MODEL --onnx OUT} with this module on the class path, run as the command line runs: a JVM
 * started on the test class path with {@code dev.vecnet.cli.Main}. A model trained through the public API on a
 * shipped data set and saved with its standardisation, as {@code vecnet train} saves it, is exported; the file runs
 * in ONNX Runtime on raw features and gives vecnet's probabilities. An existing file is replaced only with
 * {@code --overwrite}.
 */
class ExportCommandTest {

    /** Trains a small iris model and saves it with its standardisation, as {@code vecnet train} does. */
    private static LoadedModel trainIris(Path file) throws IOException {
        Dataset iris = Datasets.iris();
        Preprocessor standardize = Preprocessing.standardize().fit(iris);
        Network net = Network.builder(iris.featureCount()).dense(8).relu().dense(iris.classCount()).seed(5).build();
        Trainer.builder().epochs(10).batchSize(16).seed(5).build().fit(net, standardize.apply(iris), new Adam(0.02f));
        ModelFile.save(file, net, SaveOptions.defaults().withPreprocessing(standardize.kind(), standardize.state()));
        return ModelFile.load(file);
    }

    @Test
    void exportedModelRunsInOnnxRuntime(@TempDir Path dir) throws Exception {
        LoadedModel model = trainIris(dir.resolve("model.safetensors"));
        Path onnx = dir.resolve("iris.onnx");
        CommandLineRun run = CommandLineRun.vecnet(dir, "export", dir.resolve("model.safetensors").toString(),
                "--onnx", onnx.toString());
        run.assertSucceeded();
        assertTrue(run.out().contains(onnx.toString()), run.out());

        int batch = 40;
        Dataset iris = Datasets.iris();
        float[] x = Arrays.copyOf(iris.features(), batch * iris.featureCount());
        Golden.assertClose(TestNetworks.vecnetOutputs(model, x, batch),
                OnnxRuntime.run(Files.readAllBytes(onnx), x, batch, iris.featureCount()), "vecnet export in ORT");
    }

    @Test
    void existingFileIsReplacedOnlyWithOverwrite(@TempDir Path dir) throws Exception {
        trainIris(dir.resolve("model.safetensors"));
        Path onnx = Files.writeString(dir.resolve("old.onnx"), "old");
        String model = dir.resolve("model.safetensors").toString();

        CommandLineRun refused = CommandLineRun.vecnet(dir, "export", model, "--onnx", onnx.toString());
        assertEquals(1, refused.status(), refused.err());
        assertTrue(refused.err().contains("--overwrite"), refused.err());
        assertEquals("old", Files.readString(onnx));

        CommandLineRun.vecnet(dir, "export", model, "--onnx", onnx.toString(), "--overwrite").assertSucceeded();
        assertEquals(Datasets.iris().featureCount(),
                OnnxImporter.readModel(onnx).network().inputSize(), "the new file is the model");
        assertTrue(new File(onnx.toString()).length() > 100);
    }
}
