package dev.vecnet.onnx;

import dev.vecnet.format.ModelFile;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The path most models take into a JVM service: one MLP trained in PyTorch (tools/make_pytorch_model_golden.py:
 * Linear, ReLU, BatchNorm1d, PReLU, ELU), handed over as a plain state dict and as an ONNX graph. Both load, through
 * Java and through {@code vecnet import} + {@code vecnet predict}, and give PyTorch's class probabilities within
 * 1e-5 relative ({@code predict} prints 6 significant digits, which keeps that tolerance) and its classes.
 */
class PyTorchModelBothWaysTest {
    private static final Path DIR = Path.of("src", "test", "resources", "golden", "pytorch");
    /** The command line's spec of the model; module indices match PyTorch's nn.Sequential. */
    private static final String SPEC = "20-32relu-bn-16prelu-8elu-4";
    private static final int CLASSES = 4;

    /** PyTorch's inputs, probabilities and classes. */
    private static Map<String, float[]> golden() throws IOException {
        Map<String, float[]> lines = new HashMap<>();
        for (String line : Files.readAllLines(DIR.resolve("mlp_io.txt"))) {
            String[] fields = line.trim().split(" ");
            if (fields.length > 2) {
                float[] values = new float[Integer.parseInt(fields[1])];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float.parseFloat(fields[i + 2]);
                }
                lines.put(fields[0], values);
            }
        }
        return lines;
    }

    private static float[] probabilities(Network net, float[] x, int batch) {
        InferenceContext context = net.newInferenceContext(batch);
        float[] p = new float[batch * CLASSES];
        context.predictProbabilities(x, 0, batch, p, 0);
        return p;
    }

    @Test
    void stateDictAndOnnxGivePyTorchsProbabilitiesInJava() throws IOException {
        Map<String, float[]> golden = golden();
        float[] x = golden.get("input");
        int batch = x.length / 20;

        Network fromStateDict = Network.builder(20).dense(32).relu().batchNorm().dense(16).prelu().dense(8).elu()
                .dense(CLASSES).build();
        ModelFile.loadStateDict(DIR.resolve("mlp.safetensors"), fromStateDict);
        Golden.assertClose(golden.get("probabilities"), probabilities(fromStateDict, x, batch), "state dict");

        Network fromOnnx = OnnxImporter.read(DIR.resolve("mlp.onnx"));
        Golden.assertClose(golden.get("probabilities"), probabilities(fromOnnx, x, batch), "ONNX");
    }

    @Test
    void importThenPredictGivesPyTorchsProbabilities(@TempDir Path dir) throws Exception {
        Map<String, float[]> golden = golden();
        float[] x = golden.get("input");
        int batch = x.length / 20;
        Path input = dir.resolve("input.csv");
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < batch; r++) {
            for (int c = 0; c < 20; c++) {
                csv.append(c == 0 ? "" : ",").append(x[r * 20 + c]);
            }
            csv.append('\n');
        }
        Files.writeString(input, csv, StandardCharsets.UTF_8);

        Path fromStateDict = dir.resolve("from-state-dict.safetensors");
        Path fromOnnx = dir.resolve("from-onnx.safetensors");
        CommandLineRun.vecnet(dir, "import", DIR.resolve("mlp.safetensors").toString(), "--arch", SPEC,
                "--out", fromStateDict.toString()).assertSucceeded();
        CommandLineRun.vecnet(dir, "import", DIR.resolve("mlp.onnx").toString(), "--out", fromOnnx.toString())
                .assertSucceeded();

        for (Path model : List.of(fromStateDict, fromOnnx)) {
            Path output = dir.resolve(model.getFileName() + ".csv");
            CommandLineRun.vecnet(dir, "predict", "--model", model.toString(), "--input", input.toString(),
                    "--output", output.toString()).assertSucceeded();
            List<String> rows = Files.readAllLines(output);
            assertEquals(batch + 1, rows.size(), "a header and one row per example");
            float[] classes = new float[batch];
            List<Float> probabilities = new ArrayList<>();
            for (int r = 0; r < batch; r++) {
                String[] fields = rows.get(r + 1).split(",");
                classes[r] = Integer.parseInt(fields[0]);
                for (int c = 1; c < fields.length; c++) {
                    probabilities.add(Float.parseFloat(fields[c]));
                }
            }
            float[] p = new float[probabilities.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = probabilities.get(i);
            }
            Golden.assertClose(golden.get("probabilities"), p, "predict with " + model.getFileName());
            assertEquals(Arrays.toString(golden.get("classes")), Arrays.toString(classes),
                    "classes with " + model.getFileName());
        }
    }
}
