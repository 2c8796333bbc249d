package dev.vecnet.onnx;

import com.google.protobuf.ByteString;
import dev.vecnet.onnx.proto.OnnxProtos.AttributeProto;
import dev.vecnet.onnx.proto.OnnxProtos.GraphProto;
import dev.vecnet.onnx.proto.OnnxProtos.ModelProto;
import dev.vecnet.onnx.proto.OnnxProtos.NodeProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorShapeProto;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile variations of every golden file: random byte changes, truncations and length prefixes that lie about
 * the size of what follows, and changes of the parsed ModelProto (dims, huge and many dims, element types, op
 * types, attributes, removed, duplicated or swapped nodes, renamed inputs, long names and names with control
 * characters, input shapes, opsets, data lengths). Each variation either imports into a network that runs
 * ({@link Mutations#importsOrRefuses}) or is refused with one ModelFormatException whose message is short and
 * printable ({@link Mutations#assertCleanMessage}); any other exception or error fails the test, naming the golden,
 * the seed and the variation. Seeded, so a failure reproduces.
 *
 * <p>{@value #DEFAULT_TRIES} variations of each kind per golden by default; the system property
 * {@code vecnet.fuzz.tries} sets another number ({@code ./mvnw -pl onnx -am test -Dtest=OnnxFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dvecnet.fuzz.tries=100000}, which surefire passes on to the test JVM).
 */
class OnnxFuzzTest {
    private static final int DEFAULT_TRIES = 300;
    private static final int BYTE_VARIATIONS = Integer.getInteger("vecnet.fuzz.tries", DEFAULT_TRIES);
    private static final int STRUCTURE_VARIATIONS = BYTE_VARIATIONS;
    /** Names a hostile file may hold: escape sequences, line breaks, invisible characters, and huge ones. */
    private static final String[] HOSTILE_NAMES = {"\u001b[2J\u001b[31mred", "line\nbreak\r", "tab\there\u0000nul",
        "\u202eright-to-left", "\ud800unpaired", "x".repeat(100_000), "\u0007".repeat(5_000), "\u00e9t\u00e9 \u2028 \ud83d\ude00"};
    private static final String[] OP_TYPES = {"Gemm", "MatMul", "Add", "Relu", "LeakyRelu", "PRelu", "Elu", "Sigmoid",
        "Tanh", "BatchNormalization", "Dropout", "Identity", "Flatten", "Reshape", "Softmax", "LogSoftmax", "Sub", "Mul",
        "Div", "Transpose", "Constant", "Conv", "", "Loop"};
    private static final String[] ATTRIBUTE_NAMES = {"alpha", "beta", "transA", "transB", "axis", "epsilon", "momentum",
        "perm", "allowzero", "training_mode", "value", "ratio", "value_ints", "spatial"};

    @Test
    void byteMutationsImportOrAreRefused() throws IOException {
        int imported = 0;
        int refused = 0;
        for (String name : Golden.NAMES) {
            byte[] golden = Golden.model(name);
            SplittableRandom random = new SplittableRandom(name.hashCode());
            for (int i = 0; i < BYTE_VARIATIONS; i++) {
                byte[] bytes = byteMutation(golden, random);
                if (check(bytes, name, "byte variation " + i)) {
                    imported++;
                } else {
                    refused++;
                }
            }
        }
        assertBothOutcomes(imported, refused);
    }

    @Test
    void structureMutationsImportOrAreRefused() throws IOException {
        int imported = 0;
        int refused = 0;
        for (String name : Golden.NAMES) {
            ModelProto golden = ModelProto.parseFrom(Golden.model(name));
            SplittableRandom random = new SplittableRandom(31L * name.hashCode());
            for (int i = 0; i < STRUCTURE_VARIATIONS; i++) {
                ModelProto.Builder model = golden.toBuilder();
                List<String> applied = new ArrayList<>();
                int changes = 1 + random.nextInt(3);
                for (int c = 0; c < changes; c++) {
                    applied.add(structureMutation(model, random));
                }
                if (check(model.build().toByteArray(), name, "structure variation " + i + " " + applied)) {
                    imported++;
                } else {
                    refused++;
                }
            }
        }
        assertBothOutcomes(imported, refused);
    }

    /**
     * Both outcomes occur: the variations reach the importer's checks, not only the parser's. Asserted from the
     * default number of variations up, which does reach both; a handful of variations may not.
     */
    private static void assertBothOutcomes(int imported, int refused) {
        if (BYTE_VARIATIONS >= DEFAULT_TRIES) {
            assertTrue(imported > 0 && refused > 0, "imported " + imported + ", refused " + refused);
        }
    }

    private static boolean check(byte[] bytes, String name, String variation) {
        try {
            return Mutations.importsOrRefuses(bytes);
        } catch (Throwable t) {
            fail(name + ", " + variation + ": " + t, t);
            return false;
        }
    }

    private static byte[] byteMutation(byte[] golden, SplittableRandom random) {
        switch (random.nextInt(5)) {
            case 0:
                return Arrays.copyOf(golden, random.nextInt(golden.length));
            case 1: {
                byte[] bytes = golden.clone();
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                return bytes;
            }
            case 2: {
                byte[] bytes = golden.clone();
                int at = random.nextInt(bytes.length);
                bytes[at] = (byte) (bytes[at] ^ (1 << random.nextInt(8)));
                return bytes;
            }
            case 3:
                return lyingLength(golden, random);
            default: {
                // Delete or duplicate a run of bytes: shifts every later length prefix.
                int at = random.nextInt(golden.length);
                int length = 1 + random.nextInt(Math.min(16, golden.length - at));
                byte[] head = Arrays.copyOf(golden, at);
                byte[] tail = Arrays.copyOfRange(golden, random.nextBoolean() ? at + length : at, golden.length);
                byte[] bytes = Arrays.copyOf(head, head.length + tail.length + (random.nextBoolean() ? length : 0));
                System.arraycopy(tail, 0, bytes, head.length, tail.length);
                return bytes;
            }
        }
    }

    /**
     * A varint written over the bytes at a random place, as a length prefix that says more (or less) than follows
     * would be: often it lands on a length, else on a tag or a value.
     */
    private static byte[] lyingLength(byte[] golden, SplittableRandom random) {
        long[] lengths = {Integer.MAX_VALUE, 1L << 30, 1L << 28, golden.length, golden.length + 1L, 0, -1L};
        long length = lengths[random.nextInt(lengths.length)];
        byte[] bytes = golden.clone();
        int at = random.nextInt(bytes.length);
        do {
            bytes[at++] = (byte) (length & 0x7f | (length >>> 7 != 0 ? 0x80 : 0));
            length >>>= 7;
        } while (length != 0 && at < bytes.length);
        return bytes;
    }

    /** Applies one random change to the model and says what it was. */
    private static String structureMutation(ModelProto.Builder model, SplittableRandom random) {
        GraphProto.Builder graph = model.getGraphBuilder();
        int nodes = graph.getNodeCount();
        int initializers = graph.getInitializerCount();
        switch (random.nextInt(15)) {
            case 0:
                if (initializers > 0) {
                    TensorProto.Builder tensor = graph.getInitializerBuilder(random.nextInt(initializers));
                    if (tensor.getDimsCount() > 0) {
                        long[] values = {0, 1, -1, 2, 1L << 33, tensor.getDims(0) + 1, tensor.getDims(0) - 1};
                        tensor.setDims(random.nextInt(tensor.getDimsCount()), values[random.nextInt(values.length)]);
                    } else {
                        tensor.addDims(1 + random.nextInt(4));
                    }
                    return "dims of " + tensor.getName() + " " + tensor.getDimsList();
                }
                return "none";
            case 1:
                if (initializers > 0) {
                    TensorProto.Builder tensor = graph.getInitializerBuilder(random.nextInt(initializers));
                    tensor.setDataType(random.nextInt(18));
                    return "data type of " + tensor.getName() + " " + tensor.getDataType();
                }
                return "none";
            case 2:
                if (nodes > 0) {
                    int index = random.nextInt(nodes);
                    graph.getNodeBuilder(index).setOpType(OP_TYPES[random.nextInt(OP_TYPES.length)]);
                    return "op type of node " + index + " " + graph.getNode(index).getOpType();
                }
                return "none";
            case 3:
                if (nodes > 0) {
                    int index = random.nextInt(nodes);
                    graph.getNodeBuilder(index).addAttribute(randomAttribute(random));
                    return "attribute of node " + index + " " + graph.getNode(index).getAttributeList();
                }
                return "none";
            case 4:
                if (nodes > 0) {
                    int index = random.nextInt(nodes);
                    graph.removeNode(index);
                    return "removed node " + index;
                }
                return "none";
            case 5:
                if (nodes > 0) {
                    int index = random.nextInt(nodes);
                    graph.addNode(random.nextInt(nodes + 1), graph.getNode(index));
                    return "duplicated node " + index;
                }
                return "none";
            case 6:
                if (nodes > 0) {
                    NodeProto.Builder node = graph.getNodeBuilder(random.nextInt(nodes));
                    if (node.getInputCount() > 0) {
                        String[] names = {"input", "output", "", "missing", randomValueName(graph, random)};
                        node.setInput(random.nextInt(node.getInputCount()), names[random.nextInt(names.length)]);
                    }
                    return "inputs " + node.getInputList();
                }
                return "none";
            case 7: {
                TensorShapeProto.Builder shape = graph.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
                        .getShapeBuilder();
                int dims = shape.getDimCount();
                long[] values = {0, 1, 3, 16, -4, 1L << 40};
                if (dims > 0 && random.nextBoolean()) {
                    shape.setDim(random.nextInt(dims), TensorShapeProto.Dimension.newBuilder()
                            .setDimValue(values[random.nextInt(values.length)]));
                } else {
                    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(1 + random.nextInt(3)));
                }
                return "input shape " + shape.getDimList();
            }
            case 8:
                if (initializers > 0) {
                    int index = random.nextInt(initializers);
                    graph.removeInitializer(index);
                    return "removed initializer " + index;
                }
                return "none";
            case 9:
                if (nodes > 1) {
                    int a = random.nextInt(nodes);
                    int b = random.nextInt(nodes);
                    NodeProto first = graph.getNode(a);
                    graph.setNode(a, graph.getNode(b)).setNode(b, first);
                    return "swapped nodes " + a + " and " + b;
                }
                return "none";
            case 10:
                model.getOpsetImportBuilder(0).setVersion(random.nextInt(25));
                return "opset " + model.getOpsetImport(0).getVersion();
            case 11:
                return hostileName(graph, random);
            case 12:
                if (initializers > 0) {
                    // Many dims, or dims whose product is far beyond any limit.
                    TensorProto.Builder tensor = graph.getInitializerBuilder(random.nextInt(initializers)).clearDims();
                    int count = random.nextBoolean() ? 2 : 1 + random.nextInt(100_000);
                    long dim = random.nextBoolean() ? 1 : 1L << (20 + random.nextInt(40));
                    for (int d = 0; d < count; d++) {
                        tensor.addDims(dim);
                    }
                    return "dims of " + tensor.getName() + ": " + count + " x " + dim;
                }
                return "none";
            case 13: {
                // An input shape of many dims, or of one huge dim.
                TensorShapeProto.Builder shape = graph.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder()
                        .getShapeBuilder().clearDim().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
                int count = random.nextBoolean() ? 1 : 1 + random.nextInt(100_000);
                long dim = random.nextBoolean() ? 1 : 1L << (20 + random.nextInt(40));
                for (int d = 0; d < count; d++) {
                    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
                }
                return "input shape: " + count + " x " + dim;
            }
            default:
                if (initializers > 0) {
                    TensorProto.Builder tensor = graph.getInitializerBuilder(random.nextInt(initializers));
                    ByteString raw = tensor.getRawData();
                    tensor.setRawData(raw.substring(0, random.nextInt(raw.size() + 1)));
                    return "raw data of " + tensor.getName() + " " + tensor.getRawData().size() + " bytes";
                }
                return "none";
        }
    }

    /** A hostile name given to a node, its op_type, a value it reads, an initializer or the graph's input. */
    private static String hostileName(GraphProto.Builder graph, SplittableRandom random) {
        String name = HOSTILE_NAMES[random.nextInt(HOSTILE_NAMES.length)];
        int nodes = graph.getNodeCount();
        switch (random.nextInt(5)) {
            case 0:
                if (nodes > 0) {
                    graph.getNodeBuilder(random.nextInt(nodes)).setName(name).setOpType("Conv");
                    return "node name of " + name.length() + " chars";
                }
                return "none";
            case 1:
                if (nodes > 0) {
                    graph.getNodeBuilder(random.nextInt(nodes)).setOpType(name);
                    return "op_type of " + name.length() + " chars";
                }
                return "none";
            case 2: {
                NodeProto.Builder node = nodes > 0 ? graph.getNodeBuilder(random.nextInt(nodes)) : null;
                if (node != null && node.getInputCount() > 0) {
                    node.setInput(0, name);
                    return "input name of " + name.length() + " chars";
                }
                return "none";
            }
            case 3:
                if (graph.getInitializerCount() > 0) {
                    graph.getInitializerBuilder(random.nextInt(graph.getInitializerCount())).setName(name);
                    return "initializer name of " + name.length() + " chars";
                }
                return "none";
            default:
                graph.getInputBuilder(0).setName(name);
                return "graph input name of " + name.length() + " chars";
        }
    }

    private static AttributeProto randomAttribute(SplittableRandom random) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder()
                .setName(ATTRIBUTE_NAMES[random.nextInt(ATTRIBUTE_NAMES.length)]);
        switch (random.nextInt(5)) {
            case 0:
                return attribute.setType(AttributeProto.AttributeType.FLOAT)
                        .setF(new float[] {0f, -1f, 0.5f, Float.NaN, 1e30f}[random.nextInt(5)]).build();
            case 1:
                return attribute.setType(AttributeProto.AttributeType.INT).setI(random.nextInt(5) - 2).build();
            case 2:
                return attribute.setType(AttributeProto.AttributeType.INTS).addInts(1).addInts(0).build();
            case 3:
                return attribute.setType(AttributeProto.AttributeType.TENSOR).setT(TensorProto.newBuilder()
                        .setDataType(TensorProto.DataType.INT64_VALUE).addDims(2).addInt64Data(-1).addInt64Data(16))
                        .build();
            default:
                return attribute.setType(AttributeProto.AttributeType.forNumber(random.nextInt(15))).build();
        }
    }

    /** The name of some value of the graph: an initializer or a node's output. */
    private static String randomValueName(GraphProto.Builder graph, SplittableRandom random) {
        if (graph.getNodeCount() > 0 && random.nextBoolean()) {
            NodeProto node = graph.getNode(random.nextInt(graph.getNodeCount()));
            return node.getOutputCount() > 0 ? node.getOutput(0) : "";
        }
        return graph.getInitializerCount() > 0
                ? graph.getInitializer(random.nextInt(graph.getInitializerCount())).getName() : "";
    }
}
