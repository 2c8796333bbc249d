package dev.vecnet.onnx;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.nn.Predictor;
import dev.vecnet.nn.LayerSpec;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Every golden graph exported by PyTorch (tools/make_onnx_golden.py) imports into a network whose outputs match
 * PyTorch's within 1e-5 relative: probabilities for graphs ending in Softmax, their exponential for LogSoftmax,
 * the scores otherwise.
 */
class OnnxGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"gemm_relu_softmax", "gemm_float_data", "gemm_float16", "batchnorm_activations",
        "matmul_add", "flatten", "reshape_logsoftmax", "identity_tanh"})
    void importedNetworkMatchesPyTorch(String name) throws IOException {
        LoadedModel model = OnnxImporter.readModel(Golden.model(name));
        Golden.Io io = Golden.io(name);
        float[] expected = io.output().clone();
        if (model.metadata().get(OnnxImporter.KEY_OUTPUT).equals("log_probabilities")) {
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) Math.exp(expected[i]);
            }
        }
        Predictor predictor = model.predictor(io.batch());
        float[] actual = new float[expected.length];
        predictor.predictProbabilities(io.input(), 0, io.batch(), actual, 0);
        Golden.assertClose(expected, actual, name);

        // The batch axis is dynamic: one example at a time gives the same rows.
        int width = model.network().inputSize();
        int outputs = model.network().outputSize();
        for (int row = 0; row < io.batch(); row++) {
            float[] single = new float[outputs];
            predictor.predictProbabilities(io.input(), row * width, 1, single, 0);
            float[] expectedRow = java.util.Arrays.copyOfRange(expected, row * outputs, (row + 1) * outputs);
            Golden.assertClose(expectedRow, single, name + " row " + row);
        }
    }

    @Test
    void batchNormGraphMapsToTheLayersPyTorchHad() throws IOException {
        Network net = OnnxImporter.read(Golden.model("batchnorm_activations"));
        assertEquals(List.of(new LayerSpec.Dense(12), new LayerSpec.BatchNorm(1e-5f, 0.1f), new LayerSpec.PRelu(true),
                new LayerSpec.Dense(10), new LayerSpec.Elu(0.7f), new LayerSpec.Dense(8), new LayerSpec.LeakyRelu(0.05f),
                new LayerSpec.Dense(6), new LayerSpec.Tanh(), new LayerSpec.Dense(4), new LayerSpec.Sigmoid()),
                net.spec().layers());
        // No final softmax: mean squared error, whose probabilities are the scores, i.e. the graph's output.
        assertSame(Loss.meanSquaredError(), net.loss());
        assertEquals(5, net.inputSize());
    }

    @Test
    void softmaxGraphsGetTheSoftmaxLoss() throws IOException {
        assertSame(Loss.softmaxCrossEntropy(), OnnxImporter.read(Golden.model("gemm_relu_softmax")).loss());
        Network logSoftmax = OnnxImporter.read(Golden.model("reshape_logsoftmax"));
        assertSame(Loss.softmaxCrossEntropy(), logSoftmax.loss());
        assertEquals(16, logSoftmax.inputSize());
        assertEquals(new LayerSpec.PRelu(false), logSoftmax.spec().layers().get(1));
    }

    @Test
    void flattenedImageInputHasOneFeaturePerPixel() throws IOException {
        Network net = OnnxImporter.read(Golden.model("flatten"));
        assertEquals(16, net.inputSize());
        assertEquals(List.of(new LayerSpec.Dense(8), new LayerSpec.Relu(), new LayerSpec.Dense(3)), net.spec().layers());
    }

    @Test
    void metadataNamesProducerAndOpset() throws IOException {
        LoadedModel model = OnnxImporter.readModel(Golden.model("matmul_add"));
        assertEquals("13", model.metadata().get(OnnxImporter.KEY_OPSET));
        assertEquals("probabilities", model.metadata().get(OnnxImporter.KEY_OUTPUT));
        assertEquals("pytorch 1.13.0", model.metadata().get(OnnxImporter.KEY_PRODUCER).replace("a0", ""));
    }
}
