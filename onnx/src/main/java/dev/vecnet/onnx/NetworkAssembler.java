package dev.vecnet.onnx;

import dev.vecnet.format.ModelFile;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.nn.BuildOptions;
import dev.vecnet.nn.Init;
import dev.vecnet.nn.LayerSpec;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.NetworkSpec;
import dev.vecnet.nn.ParameterTensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a vecnet network from translated layers: the {@link NetworkSpec} (softmax cross-entropy when the graph
 * ends in Softmax or LogSoftmax, so that {@code predictProbabilities} gives the softmax; mean squared error
 * otherwise, whose {@code predictProbabilities} are the raw scores, i.e. the graph's output), then
 * {@code Network.from(spec, BuildOptions.defaults())}, then every tensor copied into the flat parameters and
 * {@code parametersChanged()}. Allocates the network's parameters once, reserved in the import's
 * {@link HeapBudget} first. Stateless.
 */
final class NetworkAssembler {
    private NetworkAssembler() {
    }

    /** The network the translation describes, with its parameters written. */
    static Network assemble(LayerTranslator.Translation translation, HeapBudget budget) throws ModelFormatException {
        List<LayerSpec> specs = new ArrayList<>();
        for (ImportedLayer layer : translation.layers()) {
            specs.add(layer.spec());
        }
        Loss loss = translation.output() == LayerTranslator.OutputKind.SCORES ? Loss.meanSquaredError()
                : Loss.softmaxCrossEntropy();
        NetworkSpec spec = new NetworkSpec(translation.inputSize(), specs, loss, 0f, Init.HE_NORMAL);
        // What predict and the model files refuse is refused here too, so every imported network can be saved
        // and read back. (The parameter count fits one array: NetworkSpec refused the spec otherwise.)
        try {
            ModelFile.requireStorable(spec);
        } catch (ModelFormatException e) {
            throw new ModelFormatException("ONNX graph: " + e.getMessage() + " (a vecnet model file's limit)");
        }
        long count = spec.parameterCount();
        budget.reserve(4 * count, "the network's " + count + " parameters");
        Network network = Network.from(spec, BuildOptions.defaults());
        float[] values = network.parameters().values();
        for (int i = 0; i < translation.layers().size(); i++) {
            for (Map.Entry<String, float[]> tensor : translation.layers().get(i).tensors().entrySet()) {
                ParameterTensor target = network.parameters().tensor(i + "." + tensor.getKey());
                float[] source = tensor.getValue();
                if (source.length != target.size()) {
                    // The translator sizes every tensor from the layer's own shapes: this is a defect of vecnet.
                    throw new IllegalStateException("tensor " + target.name() + " has " + target.size()
                            + " elements, the graph gave " + source.length);
                }
                System.arraycopy(source, 0, values, target.offset(), source.length);
            }
        }
        network.parametersChanged();
        return network;
    }
}
