package dev.vecnet.onnx;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;

import java.util.Map;
import java.util.SplittableRandom;

/** Networks with trained-looking parameters, and random inputs, for the export tests. */
final class TestNetworks {
    private TestNetworks() {
    }

    /**
     * Overwrites every parameter with seeded random values away from their initial ones: weights and biases
     * normal with std 0.5, PReLU slopes and BatchNorm scales positive, running variances in [0.2, 1.7].
     */
    static Network randomize(Network net, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = net.parameters().values();
        for (ParameterTensor tensor : net.parameters().tensors()) {
            boolean positive = tensor.name().endsWith("running_var");
            for (int i = tensor.offset(); i < tensor.offset() + tensor.size(); i++) {
                values[i] = positive ? (float) (0.2 + 1.5 * random.nextDouble()) : (float) (0.5 * random.nextGaussian());
            }
        }
        net.parametersChanged();
        return net;
    }

    /** {@code batch * width} standard normal values, shifted and scaled per feature as raw data would be. */
    static float[] inputs(int batch, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[batch * width];
        for (int i = 0; i < x.length; i++) {
            int feature = i % width;
            x[i] = (float) (feature * 0.5 + (1 + feature % 3) * random.nextGaussian());
        }
        return x;
    }

    /** The network as a model without preprocessing. */
    static LoadedModel plain(Network net) {
        return new LoadedModel(net, null, Map.of(), null, Map.of(), Map.of());
    }

    /** What vecnet predicts for the inputs: predictProbabilities of the model's predictor. */
    static float[] vecnetOutputs(LoadedModel model, float[] x, int batch) {
        float[] out = new float[batch * model.network().outputSize()];
        model.predictor(batch).predictProbabilities(x, 0, batch, out, 0);
        return out;
    }
}
