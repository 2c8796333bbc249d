package dev.vecnet.onnx;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFile;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.nn.Network;
import dev.vecnet.onnx.proto.OnnxProtos.ModelProto;
import dev.vecnet.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.vecnet.onnx.proto.OnnxProtos.StringStringEntryProto;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads ONNX models of multilayer perceptrons, as {@code torch.onnx.export} writes them (opsets
 * {@value #MIN_OPSET} to {@value #MAX_OPSET}), into vecnet networks.
 *
 * <p>The graph must be one path from its one data input ({@code [batch, d1, ...]} floats, the batch axis dynamic
 * or fixed) to its one output, through {@code Gemm}, {@code MatMul} (+ {@code Add}), {@code Relu},
 * {@code LeakyRelu}, {@code PRelu}, {@code Elu}, {@code Sigmoid}, {@code Tanh}, {@code BatchNormalization}
 * (inference form), {@code Dropout} and {@code Identity} (dropped), {@code Flatten} and {@code Reshape} to
 * {@code [batch, features]}, a final {@code Softmax} or {@code LogSoftmax}, and a standardisation
 * ({@code Sub}, then {@code Mul} or {@code Div}, by per-feature constants) in front of the first layer. Weights
 * come from initializers or {@code Constant} nodes (FLOAT, FLOAT16 or DOUBLE, in {@code raw_data} or the typed
 * fields), also through a {@code Transpose}. docs/onnx.md lists the mapping.
 *
 * <p>Outputs: a graph that ends in {@code Softmax} becomes a network with the softmax cross-entropy loss, whose
 * scores are the logits before it and whose {@code predictProbabilities} reproduce the graph's output; one that
 * ends in {@code LogSoftmax} the same, {@code predictProbabilities} giving the exponential of the graph's
 * output. Any other graph becomes a network with the mean squared error loss, whose scores (and
 * {@code predictProbabilities}, which for that loss are the scores) equal the graph's output.
 *
 * <p>Hostile input: the file is at most {@link #MAX_FILE_BYTES} bytes (checked before it is read); its encoding is
 * walked before it is parsed, and that walk stops at the first length prefix that overruns its message, at a
 * nesting deeper than 32, at the node past {@link #MAX_NODES} or the initializer past {@link #MAX_INITIALIZERS},
 * and at a tensor or shape of more than {@link #MAX_RANK} dims. Each tensor has at most {@link #MAX_ELEMENTS}
 * elements, its stored length checked against its dims before its values are copied; the input, and every layer,
 * is at most {@link ModelFile#MAX_WIDTH} features wide, as in the model files vecnet reads. Every defect, and
 * everything vecnet cannot represent (an unsupported operator, a branch, an attribute it cannot honour, external
 * data, shapes that do not chain, NaN or infinite weights), is one {@link ModelFormatException} naming the node,
 * its {@code op_type} and why; no partial network is returned. Names and shapes from the file are quoted escaped
 * and cut to a few hundred characters.
 *
 * <p>Stateless and thread-safe. Memory: the file's bytes (shared by the parsed message), the parsed message, the
 * decoded tensors, their copies in layer order, and the network's parameters. Each of these is reserved before it
 * is allocated against the heap free when the import starts ({@code MemoryLimits.availableHeap()}): an import
 * that would not fit is refused with a {@link ModelFormatException} saying how much it needs, rather than
 * running out of memory.
 */
public final class OnnxImporter {
    /** The largest file read, in bytes (1 GiB). */
    public static final long MAX_FILE_BYTES = 1L << 30;
    /**
     * The most elements one tensor may have (2^26, 256 MiB of floats). An example's input, and every layer, is
     * bounded more tightly, by {@link ModelFile#MAX_WIDTH}.
     */
    public static final long MAX_ELEMENTS = 1L << 26;
    /** The most nodes a file may hold, counted over all its graphs while it is read. */
    public static final int MAX_NODES = 10_000;
    /** The most initializers a file may hold, counted over all its graphs while it is read. */
    public static final int MAX_INITIALIZERS = 10_000;
    /** The most dims a tensor or a shape may have. */
    public static final int MAX_RANK = 64;
    /** The oldest default-domain opset read. */
    public static final int MIN_OPSET = 9;
    /**
     * The newest default-domain opset read: the supported operators keep their meaning up to it; a newer opset
     * may change them, so it is refused rather than guessed.
     */
    public static final int MAX_OPSET = 22;

    /** Metadata key of the graph's default-domain opset. */
    public static final String KEY_OPSET = "onnx.opset";
    /** Metadata key of the producer ({@code producer_name} and {@code producer_version}). */
    public static final String KEY_PRODUCER = "onnx.producer";
    /** Metadata key of what the graph outputs: {@code scores}, {@code probabilities} or {@code log_probabilities}. */
    public static final String KEY_OUTPUT = "onnx.output";

    private OnnxImporter() {
    }

    /**
     * Reads the network of an ONNX file without a standardisation in front.
     *
     * @param file the ONNX file
     * @return a new network (in training mode, as a freshly built one); its scores and probabilities as the
     *         class comment says
     * @throws ModelFormatException when the file is not a model vecnet can import, or it starts with a
     *                              standardisation (use {@link #readModel(Path)}, which keeps it)
     * @throws IOException          when the file cannot be read
     */
    public static Network read(Path file) throws IOException {
        return networkOnly(readModel(file));
    }

    /**
     * Reads the network of an ONNX model in memory without a standardisation in front.
     *
     * @param bytes the whole ONNX file; not modified
     * @return a new network
     * @throws ModelFormatException as {@link #read(Path)}
     */
    public static Network read(byte[] bytes) throws ModelFormatException {
        return networkOnly(readModel(bytes));
    }

    /**
     * Reads an ONNX file as a vecnet model: the network, a standardisation when the graph starts with one
     * (kind {@code standardize} or {@code mean_center}, applied by {@link LoadedModel#predictor(int)}), and
     * metadata: {@link #KEY_OPSET}, {@link #KEY_PRODUCER}, {@link #KEY_OUTPUT} and the model's
     * {@code metadata_props}.
     *
     * @param file the ONNX file
     * @return the model; no optimizer state
     * @throws ModelFormatException when the file is not a model vecnet can import
     * @throws IOException          when the file cannot be read
     */
    public static LoadedModel readModel(Path file) throws IOException {
        HeapBudget budget = HeapBudget.freeHeap();
        return readModel(ModelReader.readFile(file, budget), budget);
    }

    /**
     * Reads an ONNX model in memory as {@link #readModel(Path)} does.
     *
     * @param bytes the whole ONNX file; not modified
     * @return the model
     * @throws ModelFormatException when the bytes are not a model vecnet can import
     */
    public static LoadedModel readModel(byte[] bytes) throws ModelFormatException {
        return readModel(bytes, HeapBudget.freeHeap());
    }

    /** {@link #readModel(byte[])} within {@code budget}, which has the bytes reserved when they were read. */
    static LoadedModel readModel(byte[] bytes, HeapBudget budget) throws ModelFormatException {
        ModelProto model = ModelReader.parse(bytes, budget);
        int opset = defaultOpset(model);
        if (!model.hasGraph()) {
            throw new ModelFormatException("ONNX model has no graph");
        }
        LayerTranslator.Translation translation = LayerTranslator.translate(GraphChain.of(model.getGraph(), budget),
                budget);
        Network network = NetworkAssembler.assemble(translation, budget);

        Map<String, String> metadata = new LinkedHashMap<>();
        for (StringStringEntryProto entry : model.getMetadataPropsList()) {
            metadata.put(entry.getKey(), entry.getValue());
        }
        metadata.put(KEY_OPSET, Integer.toString(opset));
        metadata.put(KEY_PRODUCER, (model.getProducerName() + " " + model.getProducerVersion()).trim());
        metadata.put(KEY_OUTPUT, translation.output().name().toLowerCase(Locale.ROOT));
        String kind = null;
        Map<String, float[]> preprocessing = Map.of();
        if (translation.std() != null) {
            boolean scaled = false;
            for (float std : translation.std()) {
                scaled |= std != 1f;
            }
            kind = scaled ? "standardize" : "mean_center";
            preprocessing = scaled ? Map.of("mean", translation.mean(), "std", translation.std())
                    : Map.of("mean", translation.mean());
        }
        return new LoadedModel(network, kind, preprocessing, null, Map.of(), Collections.unmodifiableMap(metadata));
    }

    private static Network networkOnly(LoadedModel model) throws ModelFormatException {
        if (model.preprocessingKind() != null) {
            throw new ModelFormatException("ONNX graph starts with a standardisation (Sub/Mul/Div), which a Network "
                    + "alone cannot hold; read it with OnnxImporter.readModel");
        }
        return model.network();
    }

    /** The default-domain opset, which must be in [MIN_OPSET, MAX_OPSET]. */
    private static int defaultOpset(ModelProto model) throws ModelFormatException {
        if (model.getIrVersion() < 3) {
            throw new ModelFormatException("ONNX model has IR version " + model.getIrVersion()
                    + "; vecnet reads version 3 and later");
        }
        Long version = null;
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            if (opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx")) {
                if (version != null) {
                    throw new ModelFormatException("ONNX model imports the default operator set twice");
                }
                version = opset.getVersion();
            }
        }
        if (version == null) {
            throw new ModelFormatException("ONNX model imports no default-domain operator set");
        }
        if (version < MIN_OPSET || version > MAX_OPSET) {
            throw new ModelFormatException("ONNX model uses opset " + version + "; vecnet reads opsets " + MIN_OPSET
                    + " to " + MAX_OPSET);
        }
        return version.intValue();
    }
}
