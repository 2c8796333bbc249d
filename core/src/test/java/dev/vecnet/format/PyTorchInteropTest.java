package dev.vecnet.format;

import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Init;
import dev.vecnet.nn.LayerSpec;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model files cross between PyTorch and vecnet. {@code tools/export_safetensors.py} wrote
 * {@code torch_mlp.safetensors} and PyTorch's outputs; this test loads it and matches them. The other
 * way, this test owns {@code vecnet_mlp.safetensors} and vecnet's outputs, which the script loads into
 * PyTorch: run with {@code -Dvecnet.writeFixtures=true} to rewrite them, then run the script.
 */
class PyTorchInteropTest {
    private static final Path DIR = Path.of("src", "test", "resources", "golden", "format");
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;

    @Test
    void pytorchModelLoadsAndMatchesPyTorchOutputs() throws IOException {
        LoadedModel m = ModelFile.load(DIR.resolve("torch_mlp.safetensors"));
        Map<String, float[]> io = readIo(DIR.resolve("torch_mlp_io.txt"));
        int batch = (int) io.get("batch")[0];
        Network net = m.network();
        assertEquals(List.of("dense(5 -> 8)", "batchnorm(8, eps=1.0E-5, momentum=0.1)", "relu", "dense(8 -> 6)"),
                net.architecture().subList(0, 4));
        assertArrayEquals(new long[] {7}, net.batchesTracked());
        assertEquals("standardize", m.preprocessingKind());
        assertArrayEquals(new float[] {0.5f, -1f, 2f, 0f, 3.25f}, m.preprocessing().get("mean"));
        float[] out = net.newInferenceContext(batch).forward(io.get("input"), 0, batch);
        assertClose(io.get("output"), out, batch * net.outputSize());
    }

    /** A fixed network over every module PyTorch has an equivalent for, with non-default values everywhere. */
    static Network vecnetModel() {
        Network net = Network.builder(4).dense(7).batchNorm().leakyRelu(0.1f).maxout(5, 3).prelu(false).dense(6).elu(0.8f)
                .dropout(0.3f).dense(5).sigmoid().dense(3).relu().loss(Loss.meanSquaredError()).seed(3).build();
        SplittableRandom r = new SplittableRandom(11);
        float[] v = net.parameters().values();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian() * 0.6f;
        }
        int var = net.parameters().tensor("1.running_var").offset();
        for (int i = 0; i < 7; i++) {
            v[var + i] = 0.5f + (float) r.nextDouble();
        }
        net.setBatchesTracked(new long[] {12});
        net.parametersChanged();
        return net;
    }

    @Test
    void vecnetModelFixtureIsWhatVecnetWritesAndComputes() throws IOException {
        Network net = vecnetModel();
        int batch = 5;
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[batch * net.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        InferenceContext ctx = net.newInferenceContext(batch);
        float[] y = java.util.Arrays.copyOf(ctx.forward(x, 0, batch), batch * net.outputSize());
        byte[] file = ModelFile.toBytes(net, SaveOptions.defaults());
        if (Boolean.getBoolean("vecnet.writeFixtures")) {
            ModelFile.save(DIR.resolve("vecnet_mlp.safetensors"), net);
            StringBuilder sb = new StringBuilder("batch " + batch + "\n");
            sb.append(line("input", x, x.length)).append(line("output", y, batch * net.outputSize()));
            Files.writeString(DIR.resolve("vecnet_mlp_io.txt"), sb.toString());
        }
        // The committed file is byte for byte what vecnet writes today, and vecnet reads it back to the same outputs.
        assertArrayEquals(file, Files.readAllBytes(DIR.resolve("vecnet_mlp.safetensors")));
        Map<String, float[]> io = readIo(DIR.resolve("vecnet_mlp_io.txt"));
        assertArrayEquals(x, io.get("input"));
        assertClose(io.get("output"), y, batch * net.outputSize());
        Network back = ModelFile.load(DIR.resolve("vecnet_mlp.safetensors")).network();
        assertClose(y, back.newInferenceContext(batch).forward(x, 0, batch), batch * net.outputSize());
    }

    /**
     * {@code vecnet_mlp_without_default_init.safetensors} is {@code vecnet_mlp.safetensors} as written
     * before the architecture had a top-level {@code init} (every dense module named its initialiser):
     * it still loads, to the same spec with the initialisers explicit, and computes the same outputs.
     */
    @Test
    void fileWithoutTheDefaultInitLoadsToTheSameNetwork() throws IOException {
        Network old = ModelFile.load(DIR.resolve("vecnet_mlp_without_default_init.safetensors")).network();
        NetworkSpec expected = vecnetModel().spec();
        List<LayerSpec> explicit = expected.layers().stream()
                .map(l -> l instanceof LayerSpec.Dense d ? new LayerSpec.Dense(d.units(), Init.HE_NORMAL) : l).toList();
        assertEquals(new NetworkSpec(expected.inputSize(), explicit, expected.loss(), expected.l2(), Init.HE_NORMAL),
                old.spec());
        Map<String, float[]> io = readIo(DIR.resolve("vecnet_mlp_io.txt"));
        int batch = (int) io.get("batch")[0];
        float[] y = old.newInferenceContext(batch).forward(io.get("input"), 0, batch);
        assertClose(io.get("output"), y, batch * old.outputSize());
    }

    private static String line(String name, float[] a, int n) {
        StringBuilder sb = new StringBuilder(name).append(' ').append(n);
        for (int i = 0; i < n; i++) {
            sb.append(' ').append(Float.toString(a[i]));
        }
        return sb.append('\n').toString();
    }

    private static Map<String, float[]> readIo(Path path) throws IOException {
        Map<String, float[]> out = new HashMap<>();
        for (String l : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            String[] p = l.trim().split("\\s+");
            if (p[0].equals("batch")) {
                out.put("batch", new float[] {Integer.parseInt(p[1])});
                continue;
            }
            float[] a = new float[Integer.parseInt(p[1])];
            assertEquals(a.length, p.length - 2, p[0]);
            for (int i = 0; i < a.length; i++) {
                a[i] = Float.parseFloat(p[i + 2]);
            }
            out.put(p[0], a);
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, int n) {
        assertEquals(n, expected.length);
        for (int i = 0; i < n; i++) {
            double tol = RTOL * Math.abs(expected[i]) + ATOL;
            int k = i;
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
                    () -> String.format(Locale.ROOT, "output %d: expected %s, got %s", k, expected[k], actual[k]));
        }
    }
}
