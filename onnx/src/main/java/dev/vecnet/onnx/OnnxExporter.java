package dev.vecnet.onnx;

import dev.vecnet.data.Preprocessor;
import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFile;
import dev.vecnet.format.ModelFormat;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.nn.LayerSpec;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.NetworkSpec;
import dev.vecnet.nn.ParameterTensor;
import dev.vecnet.nn.Parameters;
import dev.vecnet.onnx.proto.OnnxProtos.GraphProto;
import dev.vecnet.onnx.proto.OnnxProtos.ModelProto;
import dev.vecnet.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.vecnet.onnx.proto.OnnxProtos.StringStringEntryProto;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes vecnet models as ONNX graphs (opset {@value #OPSET}, IR version {@value #IR_VERSION}) that map the same
 * raw inputs to the same outputs, in evaluation mode:
 *
 * <ol>
 * <li>input {@value #INPUT}, {@code [batch, inputSize]} floats, the batch axis dynamic ({@code "batch"});
 * <li>the model's preprocessing, if any: {@code Sub} of the mean, then for {@code standardize} {@code Mul} by
 *     {@code 1 / std} (1 where std is 0), exactly as vecnet's standardiser computes it;
 * <li>per module: {@code Gemm} (transB = 1, weights {@code [out, in]} as stored) for dense layers,
 *     {@code Gemm}, {@code Reshape} to {@code [batch, units, pieces]} and {@code ReduceMax} over the pieces for
 *     maxout, {@code Relu}, {@code LeakyRelu}, {@code Elu}, {@code PRelu} (slope {@code [1]} or {@code [features]},
 *     which broadcast over the batch), {@code Sigmoid}, {@code Tanh}, {@code BatchNormalization} with the running
 *     statistics; dropout is omitted (the identity in evaluation);
 * <li>the output: for the softmax cross-entropy loss a {@code Softmax} over the features, output
 *     {@value #PROBABILITIES}; for sigmoid binary cross-entropy a {@code Sigmoid}, also {@value #PROBABILITIES};
 *     for the other losses the scores, output {@value #SCORES}. So the output is what
 *     {@code InferenceContext.predictProbabilities} gives.
 * </ol>
 *
 * Tensors are named after the network's state dict ({@code 0.weight}, ...); the model's {@code metadata_props}
 * hold {@code vecnet.version} and {@code vecnet.loss}. Stateless and thread-safe as long as the network is not
 * trained meanwhile. Memory: a copy of the parameters, and the encoded file.
 */
public final class OnnxExporter {
    /** The default-domain opset written. */
    public static final int OPSET = 13;
    /** The IR version written (the one that goes with opset 13). */
    public static final int IR_VERSION = 7;
    /** The graph input's name. */
    public static final String INPUT = "input";
    /** The graph output's name for models whose output is probabilities. */
    public static final String PROBABILITIES = "probabilities";
    /** The graph output's name for models whose output is the raw scores. */
    public static final String SCORES = "scores";

    private OnnxExporter() {
    }

    /**
     * Writes {@code model} to {@code file} atomically.
     *
     * @param model the model; its network must not be trained meanwhile
     * @param file  the file to create or replace; its directory must exist
     * @throws ModelFormatException when the model uses something ONNX export does not support (a preprocessing
     *                              kind that does not fit the network); nothing is written then
     * @throws IOException          when the file cannot be written; an existing file is then left as it was
     */
    public static void write(LoadedModel model, Path file) throws IOException {
        ModelFormat.writeAtomically(file, toBytes(model));
    }

    /**
     * The ONNX file of {@code model}.
     *
     * @param model the model; its network must not be trained meanwhile
     * @return the encoded ModelProto, a new array
     * @throws ModelFormatException as {@link #write(LoadedModel, Path)}
     */
    public static byte[] toBytes(LoadedModel model) throws ModelFormatException {
        return toProto(model).toByteArray();
    }

    /**
     * The ONNX file of a network without preprocessing.
     *
     * @param network the network; not trained meanwhile
     * @return the encoded ModelProto, a new array
     * @throws ModelFormatException as {@link #write(LoadedModel, Path)}
     */
    public static byte[] toBytes(Network network) throws ModelFormatException {
        return toBytes(new LoadedModel(network, null, Map.of(), null, Map.of(), Map.of()));
    }

    static ModelProto toProto(LoadedModel model) throws ModelFormatException {
        Network network = model.network();
        NetworkSpec spec = network.spec();
        GraphWriter graph = new GraphWriter("vecnet", INPUT, network.inputSize());
        preprocessing(graph, model, network.inputSize());
        int[] sizes = spec.inputSizes();
        for (int i = 0; i < spec.layers().size(); i++) {
            layer(graph, network.parameters(), spec.layers().get(i), i, sizes[i]);
        }
        Loss loss = network.loss();
        String output = SCORES;
        if (loss.name().equals(Loss.softmaxCrossEntropy().name())) {
            graph.node("softmax", "Softmax", List.of(), GraphWriter.intAttribute("axis", 1));
            output = PROBABILITIES;
        } else if (loss.name().equals(Loss.sigmoidBinaryCrossEntropy().name())) {
            graph.node("sigmoid", "Sigmoid", List.of());
            output = PROBABILITIES;
        }
        GraphProto built = graph.finish(output, network.outputSize());
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("vecnet")
                .setProducerVersion(ModelFile.LIBRARY_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addMetadataProps(entry(ModelFile.KEY_VERSION, ModelFile.LIBRARY_VERSION))
                .addMetadataProps(entry("vecnet.loss", loss.name()))
                .setGraph(built)
                .build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /** Sub (and Mul) nodes equal to the model's preprocessor on rows of {@code width} features. */
    private static void preprocessing(GraphWriter graph, LoadedModel model, int width) throws ModelFormatException {
        if (model.preprocessingKind() == null) {
            return;
        }
        Preprocessor preprocessor;
        try {
            preprocessor = model.preprocessor();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("the model's preprocessing cannot be exported: " + e.getMessage());
        }
        Map<String, float[]> state = preprocessor.state();
        float[] mean = state.get("mean");
        String kind = preprocessor.kind();
        if (kind.equals("channel_mean")) {
            if (mean.length == 0 || width % mean.length != 0) {
                throw new ModelFormatException("the model's channel means (" + mean.length + " channels) do not "
                        + "divide its " + width + " input features");
            }
            float[] tiled = new float[width];
            for (int j = 0; j < width; j++) {
                tiled[j] = mean[j % mean.length];
            }
            mean = tiled;
        } else if (mean.length != width) {
            throw new ModelFormatException("the model's preprocessing has " + mean.length + " means for "
                    + width + " input features");
        }
        graph.node("preprocess_sub", "Sub", List.of(graph.initializer("preprocess.mean", mean, width)));
        if (kind.equals("standardize")) {
            float[] std = state.get("std");
            float[] inverse = new float[width];
            for (int j = 0; j < width; j++) {
                // As the standardiser: a constant feature (std 0) is only centred.
                inverse[j] = std[j] > 0 ? 1f / std[j] : 1f;
            }
            graph.node("preprocess_mul", "Mul", List.of(graph.initializer("preprocess.inverse_std", inverse, width)));
        }
    }

    /** The nodes of module {@code i}, reading {@code in} features. */
    private static void layer(GraphWriter graph, Parameters parameters, LayerSpec module, int i, int in) {
        String name = Integer.toString(i);
        if (module instanceof LayerSpec.Dense dense) {
            graph.node(name + ".gemm", "Gemm", List.of(
                    graph.initializer(i + ".weight", values(parameters, i + ".weight"), dense.units(), in),
                    graph.initializer(i + ".bias", values(parameters, i + ".bias"), dense.units())),
                    GraphWriter.intAttribute("transB", 1));
        } else if (module instanceof LayerSpec.Maxout maxout) {
            int outputs = maxout.units() * maxout.pieces();
            graph.node(name + ".gemm", "Gemm", List.of(
                    graph.initializer(i + ".weight", values(parameters, i + ".weight"), outputs, in),
                    graph.initializer(i + ".bias", values(parameters, i + ".bias"), outputs)),
                    GraphWriter.intAttribute("transB", 1));
            // Row u * pieces + j of the weights is piece j of unit u: [batch, units, pieces], then the max.
            graph.node(name + ".reshape", "Reshape",
                    List.of(graph.int64Initializer(i + ".pieces_shape", 0, maxout.units(), maxout.pieces())));
            graph.node(name + ".max", "ReduceMax", List.of(), GraphWriter.intsAttribute("axes", 2),
                    GraphWriter.intAttribute("keepdims", 0));
        } else if (module instanceof LayerSpec.Relu) {
            graph.node(name + ".relu", "Relu", List.of());
        } else if (module instanceof LayerSpec.Sigmoid) {
            graph.node(name + ".sigmoid", "Sigmoid", List.of());
        } else if (module instanceof LayerSpec.Tanh) {
            graph.node(name + ".tanh", "Tanh", List.of());
        } else if (module instanceof LayerSpec.LeakyRelu leaky) {
            graph.node(name + ".leaky_relu", "LeakyRelu", List.of(), GraphWriter.floatAttribute("alpha", leaky.slope()));
        } else if (module instanceof LayerSpec.Elu elu) {
            graph.node(name + ".elu", "Elu", List.of(), GraphWriter.floatAttribute("alpha", elu.alpha()));
        } else if (module instanceof LayerSpec.PRelu prelu) {
            float[] slope = values(parameters, i + ".weight");
            graph.node(name + ".prelu", "PRelu", List.of(graph.initializer(i + ".weight", slope, slope.length)));
        } else if (module instanceof LayerSpec.BatchNorm norm) {
            graph.node(name + ".batchnorm", "BatchNormalization", List.of(
                    graph.initializer(i + ".weight", values(parameters, i + ".weight"), in),
                    graph.initializer(i + ".bias", values(parameters, i + ".bias"), in),
                    graph.initializer(i + ".running_mean", values(parameters, i + ".running_mean"), in),
                    graph.initializer(i + ".running_var", values(parameters, i + ".running_var"), in)),
                    GraphWriter.floatAttribute("epsilon", norm.eps()),
                    // ONNX's momentum weighs the running statistic, vecnet's (PyTorch's) the batch's.
                    GraphWriter.floatAttribute("momentum", 1f - norm.momentum()));
        }
        // Dropout: the identity in evaluation, so no node.
    }

    /** A copy of the named tensor's values. */
    private static float[] values(Parameters parameters, String name) {
        ParameterTensor tensor = parameters.tensor(name);
        return Arrays.copyOfRange(parameters.values(), tensor.offset(), tensor.offset() + tensor.size());
    }
}
