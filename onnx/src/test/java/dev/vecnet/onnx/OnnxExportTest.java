package dev.vecnet.onnx;

import ai.onnxruntime.OrtException;
import dev.vecnet.data.Dataset;
import dev.vecnet.data.Datasets;
import dev.vecnet.data.Preprocessing;
import dev.vecnet.data.Preprocessor;
import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.nn.LayerSpec;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Adam;
import dev.vecnet.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exported graphs run in ONNX Runtime and give vecnet's outputs ({@code Predictor.predictProbabilities}: softmax
 * probabilities, sigmoid probabilities or scores) within 1e-5 relative, for every layer kind, every loss and
 * every preprocessing kind; importing the export again gives the same outputs.
 */
class OnnxExportTest {
    private static final int BATCH = 7;

    private static Network softmaxNet() {
        return TestNetworks.randomize(Network.builder(6).dense(16).relu().dense(8).leakyRelu(0.1f).dense(4).build(), 1);
    }

    private static Network batchNormNet() {
        return TestNetworks.randomize(Network.builder(5).dense(12).batchNorm().prelu(true).dense(10).elu(0.7f)
                .dense(8).leakyRelu(0.05f).dropout(0.3f).dense(6).tanh().dense(4).sigmoid()
                .loss(Loss.meanSquaredError()).build(), 2);
    }

    private static Network hingeNet() {
        return TestNetworks.randomize(Network.builder(7).dense(9).prelu().batchNorm(1e-3f, 0.2f).dense(3)
                .loss(Loss.multiclassHinge()).build(), 3);
    }

    private static Network binaryNet() {
        return TestNetworks.randomize(Network.builder(4).dense(5).tanh().dense(1)
                .loss(Loss.sigmoidBinaryCrossEntropy()).build(), 4);
    }

    private static Network maxoutNet() {
        return TestNetworks.randomize(Network.builder(6).maxout(4, 3).dense(3).build(), 5);
    }

    /** The models every test runs: one per layer kind, loss and preprocessing kind. */
    private static List<LoadedModel> models() {
        List<LoadedModel> models = new ArrayList<>();
        for (Network net : List.of(softmaxNet(), batchNormNet(), hingeNet(), binaryNet())) {
            models.add(TestNetworks.plain(net));
        }
        Network net = softmaxNet();
        float[] mean = {1f, -2f, 0.5f, 3f, 0f, -1f};
        float[] std = {2f, 0.5f, 1f, 0f, 3f, 0.25f};   // a constant feature (std 0) is only centred
        models.add(new LoadedModel(net, "standardize", Map.of("mean", mean, "std", std), null, Map.of(), Map.of()));
        models.add(new LoadedModel(softmaxNet(), "mean_center", Map.of("mean", mean), null, Map.of(), Map.of()));
        models.add(new LoadedModel(softmaxNet(), "channel_mean", Map.of("mean", new float[] {0.5f, -1.5f, 2f}), null,
                Map.of(), Map.of()));
        return models;
    }

    @Test
    void onnxRuntimeMatchesVecnet() throws Exception {
        List<LoadedModel> all = new ArrayList<>(models());
        all.add(TestNetworks.plain(maxoutNet()));
        for (LoadedModel model : all) {
            assertRuntimeMatches(model, describe(model));
        }
    }

    @Test
    void importingTheExportGivesTheSameOutputs() throws Exception {
        for (LoadedModel model : models()) {
            LoadedModel again = OnnxImporter.readModel(OnnxExporter.toBytes(model));
            float[] x = TestNetworks.inputs(BATCH, model.network().inputSize(), 11);
            Golden.assertClose(TestNetworks.vecnetOutputs(model, x, BATCH), TestNetworks.vecnetOutputs(again, x, BATCH),
                    "round trip of " + describe(model));
        }
    }

    @Test
    void roundTripKeepsTheLayersAndTheSoftmaxLoss() throws Exception {
        Network net = softmaxNet();
        Network again = OnnxImporter.read(OnnxExporter.toBytes(net));
        assertEquals(net.spec(), again.spec());
        assertArrayEquals(net.parameters().values(), again.parameters().values());

        // Dropout is dropped; everything else comes back.
        List<LayerSpec> expected = new ArrayList<>(batchNormNet().spec().layers());
        expected.removeIf(layer -> layer instanceof LayerSpec.Dropout);
        assertEquals(expected, OnnxImporter.read(OnnxExporter.toBytes(batchNormNet())).spec().layers());
    }

    @Test
    void standardisationComesBackAsAPreprocessor() throws Exception {
        LoadedModel standardized = models().get(4);
        LoadedModel again = OnnxImporter.readModel(OnnxExporter.toBytes(standardized));
        assertEquals("standardize", again.preprocessingKind());
        assertArrayEquals(standardized.preprocessing().get("mean"), again.preprocessing().get("mean"));
        assertThrows(ModelFormatException.class, () -> OnnxImporter.read(OnnxExporter.toBytes(standardized)),
                "a Network alone cannot hold the standardisation");
    }

    @Test
    void maxoutExportsButDoesNotImport() throws Exception {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> OnnxImporter.read(OnnxExporter.toBytes(maxoutNet())));
        assertTrue(e.getMessage().contains("Reshape"), e.getMessage());
    }

    @Test
    void trainedModelRunsInOnnxRuntime(@TempDir Path dir) throws Exception {
        Dataset iris = Datasets.iris();
        Preprocessor standardize = Preprocessing.standardize().fit(iris);
        Network net = Network.builder(iris.featureCount()).dense(8).relu().dense(iris.classCount()).seed(3).build();
        Trainer.builder().epochs(20).batchSize(16).seed(3).build().fit(net, standardize.apply(iris), new Adam(0.01f));
        LoadedModel model = new LoadedModel(net, standardize.kind(), standardize.state(), null, Map.of(), Map.of());
        Path file = dir.resolve("iris.onnx");
        OnnxExporter.write(model, file);

        byte[] bytes = Files.readAllBytes(file);
        float[] x = java.util.Arrays.copyOf(iris.features(), 30 * iris.featureCount());
        float[] expected = TestNetworks.vecnetOutputs(model, x, 30);
        Golden.assertClose(expected, OnnxRuntime.run(bytes, x, 30, iris.featureCount()), "trained iris model in ORT");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "only the target is left, no temporary file");
        }
    }

    @Test
    void inconsistentPreprocessingIsRefused() {
        LoadedModel wrongWidth = new LoadedModel(softmaxNet(), "mean_center", Map.of("mean", new float[3]), null,
                Map.of(), Map.of());
        assertThrows(ModelFormatException.class, () -> OnnxExporter.toBytes(wrongWidth));
        LoadedModel unknown = new LoadedModel(softmaxNet(), "whiten", Map.of("mean", new float[6]), null, Map.of(),
                Map.of());
        assertThrows(ModelFormatException.class, () -> OnnxExporter.toBytes(unknown));
    }

    private static void assertRuntimeMatches(LoadedModel model, String what) throws IOException, OrtException {
        int width = model.network().inputSize();
        float[] x = TestNetworks.inputs(BATCH, width, 7);
        float[] expected = TestNetworks.vecnetOutputs(model, x, BATCH);
        Golden.assertClose(expected, OnnxRuntime.run(OnnxExporter.toBytes(model), x, BATCH, width), what);
        // A batch of one: the batch axis is dynamic.
        float[] single = java.util.Arrays.copyOf(x, width);
        Golden.assertClose(TestNetworks.vecnetOutputs(model, single, 1),
                OnnxRuntime.run(OnnxExporter.toBytes(model), single, 1, width), what + " (batch 1)");
    }

    private static String describe(LoadedModel model) {
        return model.network().spec().layers() + " " + model.network().loss().name() + " "
                + model.preprocessingKind();
    }
}
