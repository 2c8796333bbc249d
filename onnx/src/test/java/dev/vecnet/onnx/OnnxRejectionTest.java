package dev.vecnet.onnx;

import com.google.protobuf.ByteString;
import dev.vecnet.format.ModelFile;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.onnx.proto.OnnxProtos.AttributeProto;
import dev.vecnet.onnx.proto.OnnxProtos.GraphProto;
import dev.vecnet.onnx.proto.OnnxProtos.ModelProto;
import dev.vecnet.onnx.proto.OnnxProtos.NodeProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorShapeProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the importer refuses, each with one ModelFormatException whose message names the problem (and for a node
 * its op_type): graphs vecnet cannot represent, and hostile files, whose sizes are checked before anything is
 * allocated from them.
 */
class OnnxRejectionTest {

    private static void assertRefused(byte[] bytes, String... fragments) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxImporter.readModel(bytes));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + fragment + "' missing from: " + e.getMessage());
        }
    }

    private static void assertRefused(String golden, Consumer<ModelProto.Builder> change, String... fragments) {
        assertRefused(Mutations.mutate(golden, change), fragments);
    }

    /** Node {@code index} of the golden's graph, to change. */
    private static NodeProto.Builder node(ModelProto.Builder model, int index) {
        return model.getGraphBuilder().getNodeBuilder(index);
    }

    private static TensorProto.Builder initializer(ModelProto.Builder model, String name) {
        for (TensorProto.Builder tensor : model.getGraphBuilder().getInitializerBuilderList()) {
            if (tensor.getName().equals(name)) {
                return tensor;
            }
        }
        throw new AssertionError("no initializer " + name);
    }

    @Test
    void unsupportedOperatorIsNamed() {
        assertRefused("gemm_relu_softmax", m -> node(m, 1).setOpType("Conv"), "node 1", "op_type Conv", "not supported");
    }

    @Test
    void branchingGraphIsRefused() {
        // The second Gemm reads the graph input instead of the ReLU: a branch (and the ReLU leads nowhere).
        assertRefused("gemm_relu_softmax", m -> node(m, 2).setInput(0, "input"), "op_type Gemm", "sequential");
        // A skip connection: the Add of the MatMul graph reads the graph input as its second operand.
        assertRefused("matmul_add", m -> node(m, 2).setInput(1, "input"), "op_type Add");
    }

    @Test
    void externalDataIsRefused() {
        assertRefused("gemm_relu_softmax", m -> initializer(m, "0.weight").clearRawData()
                .setDataLocation(TensorProto.DataLocation.EXTERNAL), "external");
    }

    @Test
    void attributesVecnetCannotHonourAreRefused() {
        assertRefused("gemm_relu_softmax", m -> node(m, 0).addAttribute(AttributeProto.newBuilder().setName("transA")
                .setType(AttributeProto.AttributeType.INT).setI(1)), "op_type Gemm", "transA");
        assertRefused("flatten", m -> node(m, 0).setAttribute(0, AttributeProto.newBuilder().setName("axis")
                .setType(AttributeProto.AttributeType.INT).setI(2)), "op_type Flatten", "axis 2");
        assertRefused("gemm_relu_softmax", m -> node(m, 1).addAttribute(AttributeProto.newBuilder().setName("mode")
                .setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8("x"))), "'mode'");
        assertRefused("batchnorm_activations", m -> node(m, 4).setAttribute(0, AttributeProto.newBuilder()
                .setName("alpha").setType(AttributeProto.AttributeType.INT).setI(1)), "op_type Elu", "alpha", "FLOAT");
        assertRefused("reshape_logsoftmax", m -> node(m, 6).setAttribute(0, AttributeProto.newBuilder()
                .setName("axis").setType(AttributeProto.AttributeType.INT).setI(0)), "op_type LogSoftmax", "axis 0");
    }

    @Test
    void shapesThatDoNotChainAreRefused() {
        assertRefused("gemm_relu_softmax", m -> initializer(m, "2.weight").clearDims().addDims(8).addDims(12)
                .setRawData(ByteString.copyFrom(new byte[8 * 12 * 4])), "op_type Gemm", "does not chain");
        assertRefused("reshape_logsoftmax", m -> node(m, 0).clearAttribute().addAttribute(AttributeProto.newBuilder()
                .setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(TensorProto.newBuilder()
                        .setDataType(TensorProto.DataType.INT64_VALUE).addDims(2).addInt64Data(-1).addInt64Data(8))),
                "op_type Reshape", "[-1, 8]");
        assertRefused("batchnorm_activations", m -> initializer(m, "1.running_var").clearDims().addDims(11)
                .setRawData(ByteString.copyFrom(new byte[44])), "op_type BatchNormalization", "[11]");
    }

    @Test
    void tensorSizesAreCheckedBeforeAllocation() {
        assertRefused("gemm_relu_softmax", m -> initializer(m, "0.weight").clearDims().addDims(1L << 40)
                .addDims(1L << 40), "overflows");
        assertRefused("gemm_relu_softmax", m -> initializer(m, "0.weight").clearDims().addDims(1L << 14)
                .addDims(1L << 13), "elements", "at most " + OnnxImporter.MAX_ELEMENTS);
        assertRefused("gemm_relu_softmax", m -> initializer(m, "0.weight").setRawData(ByteString.copyFrom(new byte[380])),
                "'0.weight'", "380 bytes of raw_data", "384");
        assertRefused("gemm_relu_softmax", m -> initializer(m, "0.weight").addDims(-3), "negative");
        assertRefused("gemm_float_data", m -> initializer(m, "0.bias").addFloatData(1f), "17 float_data values");
        assertRefused("gemm_relu_softmax", m -> initializer(m, "0.bias").setDataType(TensorProto.DataType.STRING_VALUE),
                "element type STRING");
    }

    @Test
    void graphSizeLimitsHold() {
        assertRefused("identity_tanh", m -> {
            GraphProto.Builder graph = m.getGraphBuilder();
            for (int i = 0; i <= OnnxImporter.MAX_NODES; i++) {
                graph.addNode(NodeProto.newBuilder().setOpType("Identity").addInput("x" + i).addOutput("x" + (i + 1)));
            }
        }, "nodes", "at most " + OnnxImporter.MAX_NODES);
        assertRefused("identity_tanh", m -> {
            GraphProto.Builder graph = m.getGraphBuilder();
            for (int i = 0; i <= OnnxImporter.MAX_INITIALIZERS; i++) {
                graph.addInitializer(TensorProto.newBuilder().setName("c" + i).setDataType(1));
            }
        }, "initializers");
    }

    @Test
    void deepNestingStopsTheParser() {
        // A graph attribute whose graph has a node with a graph attribute ... 40 deep.
        GraphProto.Builder nested = GraphProto.newBuilder();
        for (int depth = 0; depth < 40; depth++) {
            nested = GraphProto.newBuilder().addNode(NodeProto.newBuilder().setOpType("If").addAttribute(
                    AttributeProto.newBuilder().setName("then_branch").setType(AttributeProto.AttributeType.GRAPH)
                            .setG(nested)));
        }
        GraphProto deep = nested.build();
        assertRefused("identity_tanh", m -> m.getGraphBuilder().addNode(0, deep.getNode(0)), "protobuf",
                "nests messages more than " + WireScan.MAX_DEPTH + " deep");
    }

    @Test
    void tensorsOfTooManyDimsAreRefusedWhileReading() {
        assertRefused("gemm_relu_softmax", m -> {
            TensorProto.Builder weight = initializer(m, "0.weight").clearDims();
            for (int i = 0; i <= OnnxImporter.MAX_RANK; i++) {
                weight.addDims(1);
            }
        }, "more than " + OnnxImporter.MAX_RANK + " dims in one tensor");
        assertRefused("gemm_relu_softmax", m -> {
            TensorShapeProto.Builder shape = m.getGraphBuilder().getInputBuilder(0).getTypeBuilder()
                    .getTensorTypeBuilder().getShapeBuilder();
            for (int i = 0; i < 100_000; i++) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(2));
            }
        }, "more than " + OnnxImporter.MAX_RANK + " dims in one shape");
    }

    @Test
    void layersWiderThanTheModelFilesHoldAreRefused() {
        assertRefused(HostileFiles.wideMatMul(ModelFile.MAX_WIDTH + 1), "op_type MatMul",
                (ModelFile.MAX_WIDTH + 1) + " outputs", "at most " + ModelFile.MAX_WIDTH);
    }

    @Test
    void moreModulesThanAModelFileHoldsAreRefusedAndTheLimitItselfImports() throws IOException {
        // MatMul plus relus modules: the model file's limit is on modules, so the first graph is just within it.
        OnnxImporter.readModel(HostileFiles.manyRelus(ModelFile.MAX_MODULES - 1),
                new HeapBudget(1L << 30));
        assertRefused(HostileFiles.manyRelus(ModelFile.MAX_MODULES), "ONNX graph",
                (ModelFile.MAX_MODULES + 1) + " modules", "limit of " + ModelFile.MAX_MODULES);
    }

    @Test
    void longShapesAreShownCut() {
        // 40 dims of 1: one element, so the tensor decodes, and the Gemm refuses it as no matrix.
        assertRefused("gemm_relu_softmax", m -> {
            TensorProto.Builder weight = initializer(m, "0.weight").clearDims().setRawData(ByteString.copyFrom(
                    new byte[4]));
            for (int i = 0; i < 40; i++) {
                weight.addDims(1);
            }
        }, "op_type Gemm", "[1, 1, 1, 1, 1, 1, 1, 1, ... (40 dims)]");
    }

    @Test
    void importBeyondItsHeapBudgetIsRefused() throws IOException {
        byte[] golden = Golden.model("gemm_relu_softmax");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> OnnxImporter.readModel(golden, new HeapBudget(golden.length)));
        assertTrue(e.getMessage().contains("Java heap") && e.getMessage().contains("-Xmx"), e.getMessage());
        assertTrue(OnnxImporter.readModel(golden, new HeapBudget(100L * golden.length)).network().inputSize() > 0);
    }

    @Test
    void fileSizeIsCheckedBeforeReading(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.onnx");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(OnnxImporter.MAX_FILE_BYTES + 1);   // sparse: no disk space used, nothing read
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxImporter.readModel(file));
        assertTrue(e.getMessage().contains("at most " + OnnxImporter.MAX_FILE_BYTES), e.getMessage());
    }

    @Test
    void notAModelIsRefused() throws IOException {
        byte[] golden = Golden.model("gemm_relu_softmax");
        assertRefused(Arrays.copyOf(golden, golden.length / 2), "protobuf");
        assertRefused(new byte[0], "IR version 0");
        assertRefused("gemm_relu_softmax", m -> m.getOpsetImportBuilder(0).setVersion(8), "opset 8");
        assertRefused("gemm_relu_softmax", m -> m.getOpsetImportBuilder(0).setVersion(99), "opset 99");
        assertRefused("gemm_relu_softmax", ModelProto.Builder::clearGraph, "no graph");
    }

    @Test
    void inputsAndOutputsMustBeOneEach() {
        assertRefused("gemm_relu_softmax", m -> m.getGraphBuilder().addOutput(m.getGraph().getInput(0)), "2 outputs");
        assertRefused("gemm_relu_softmax", m -> m.getGraphBuilder().addInput(m.getGraph().getInput(0).toBuilder()
                .setName("second")), "'input' and 'second'");
        assertRefused("gemm_relu_softmax", m -> m.getGraphBuilder().getInputBuilder(0).getTypeBuilder()
                .getTensorTypeBuilder().getShapeBuilder().setDim(1, TensorShapeProto.Dimension.newBuilder()
                        .setDimParam("features")), "'features' (symbolic)");
        assertRefused("gemm_relu_softmax", m -> m.getGraphBuilder().getInputBuilder(0).getTypeBuilder()
                .getTensorTypeBuilder().setElemType(TensorProto.DataType.DOUBLE_VALUE), "DOUBLE");
    }

    @Test
    void nonFiniteWeightsAreRefused() {
        float[] nan = new float[16];
        nan[3] = Float.NaN;
        assertRefused("gemm_float_data", m -> {
            TensorProto.Builder bias = initializer(m, "0.bias").clearFloatData();
            for (float v : nan) {
                bias.addFloatData(v);
            }
        }, "op_type Gemm", "non-finite", "index 3");
    }

    @Test
    void softmaxMustBeLastAndDropoutInInferenceMode() {
        assertRefused("gemm_relu_softmax", m -> {
            NodeProto.Builder softmax = node(m, 5);
            softmax.setOutput(0, "p");
            m.getGraphBuilder().addNode(NodeProto.newBuilder().setOpType("Relu").addInput("p").addOutput("output"));
        }, "op_type Relu", "follows the final Softmax");
        assertRefused("identity_tanh", m -> {
            node(m, 1).setOutput(0, "t");
            m.getGraphBuilder().addNode(NodeProto.newBuilder().setOpType("Dropout").addInput("t").addInput("")
                    .addInput("training").addOutput("/2/Tanh_output_0"));
            m.getGraphBuilder().addInitializer(TensorProto.newBuilder().setName("training").setDataType(1)
                    .addFloatData(1f));
            // Keep the nodes in order: the Dropout sits between the Tanh and the last Gemm.
            NodeProto last = m.getGraph().getNode(2);
            m.getGraphBuilder().removeNode(2).addNode(last);
        }, "op_type Dropout", "training_mode");
    }
}
