package dev.vecnet.examples.serving;

import dev.vecnet.format.ModelFile;
import dev.vecnet.format.SaveOptions;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Small model files for the tests, built from seeds. */
final class TestModels {
    static final int FEATURES = 5;

    private TestModels() {
    }

    /** A 5-16-4 softmax classifier with standardising preprocessing stored in the file. */
    static Path classifier(Path dir, long seed) throws IOException {
        Network net = Network.builder(FEATURES).dense(16).relu().dense(4).seed(seed).build();
        SaveOptions withPreprocessing = SaveOptions.defaults().withPreprocessing("standardize",
                Map.of("mean", new float[] {0.5f, -1f, 2f, 0f, 0.25f}, "std", new float[] {2f, 0.5f, 1f, 3f, 1.5f}));
        Path file = dir.resolve("classifier-" + seed + ".safetensors");
        ModelFile.save(file, net, withPreprocessing);
        return file;
    }

    /** A 5-8-2 regression network (mean squared error): its responses carry scores and no classes. */
    static Path regression(Path dir) throws IOException {
        Network net = Network.builder(FEATURES).dense(8).tanh().dense(2).loss(Loss.meanSquaredError()).seed(3).build();
        Path file = dir.resolve("regression.safetensors");
        ModelFile.save(file, net);
        return file;
    }
}
