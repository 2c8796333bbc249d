package dev.vecnet.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.vecnet.onnx.proto.OnnxProtos.AttributeProto;
import dev.vecnet.onnx.proto.OnnxProtos.GraphProto;
import dev.vecnet.onnx.proto.OnnxProtos.ModelProto;
import dev.vecnet.onnx.proto.OnnxProtos.NodeProto;
import dev.vecnet.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.vecnet.onnx.proto.OnnxProtos.TypeProto;
import dev.vecnet.onnx.proto.OnnxProtos.ValueInfoProto;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hostile ONNX files of tens of megabytes, encoded field by field straight to disk (no message of their size is
 * ever built in the test's heap): a valid model header (IR 8, opset 17) followed by one graph field whose body a
 * {@link Body} writes.
 */
final class HostileFiles {
    /** Writes the {@code length} bytes of a graph's body. */
    interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private HostileFiles() {
    }

    /** A model whose graph is {@code length} bytes that {@code body} writes. */
    static Path withGraph(Path file, long length, Body body) throws IOException {
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            CodedOutputStream out = CodedOutputStream.newInstance(stream, 1 << 16);
            out.writeRawBytes(header().toByteArray());
            out.writeTag(ModelProto.GRAPH_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt64NoTag(length);
            body.write(out);
            out.flush();
        }
        return file;
    }

    /** A graph of {@code count} empty nodes: 2 bytes each. */
    static Path emptyNodes(Path file, int count) throws IOException {
        return withGraph(file, 2L * count, out -> {
            for (int i = 0; i < count; i++) {
                out.writeTag(GraphProto.NODE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(0);
            }
        });
    }

    /** A graph of one INT64 initializer {@code [count]} whose packed int64_data holds {@code count} zeros, 1 byte each. */
    static Path packedInt64(Path file, int count) throws IOException {
        int packedHeader = 1 + CodedOutputStream.computeUInt32SizeNoTag(count);
        int tensorLength = 2 + 1 + CodedOutputStream.computeUInt64SizeNoTag(count) + packedHeader + count;
        return withGraph(file, 1 + CodedOutputStream.computeUInt32SizeNoTag(tensorLength) + tensorLength, out -> {
            out.writeTag(GraphProto.INITIALIZER_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(tensorLength);
            out.writeInt32(TensorProto.DATA_TYPE_FIELD_NUMBER, TensorProto.DataType.INT64_VALUE);
            out.writeInt64(TensorProto.DIMS_FIELD_NUMBER, count);
            out.writeTag(TensorProto.INT64_DATA_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(count);
            for (int i = 0; i < count; i++) {
                out.write((byte) 0);
            }
        });
    }

    /**
     * A graph {@code input [N, width] -> Sub c -> Div c -> Relu -> output} whose Sub and Div take one scalar each, to
     * be repeated to the input's width: about 150 bytes, whatever the width.
     */
    static byte[] scalarStandardisation(long width) {
        GraphProto graph = GraphProto.newBuilder().addInput(floatInput("x", width))
                .addOutput(ValueInfoProto.newBuilder().setName("y"))
                .addInitializer(scalar("m", 0.5f)).addInitializer(scalar("s", 2f))
                .addNode(NodeProto.newBuilder().setOpType("Sub").addInput("x").addInput("m").addOutput("a"))
                .addNode(NodeProto.newBuilder().setOpType("Div").addInput("a").addInput("s").addOutput("b"))
                .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("b").addOutput("y"))
                .build();
        return header().toBuilder().setGraph(graph).build().toByteArray();
    }

    /**
     * A graph {@code input [N, 1] -> MatMul B -> output} whose {@code B [1, units]} holds FLOAT16 zeros in raw_data
     * (2 bytes a unit).
     */
    static byte[] wideMatMul(int units) {
        GraphProto graph = GraphProto.newBuilder().addInput(floatInput("x", 1))
                .addOutput(ValueInfoProto.newBuilder().setName("y"))
                .addInitializer(TensorProto.newBuilder().setName("B").setDataType(TensorProto.DataType.FLOAT16_VALUE)
                        .addDims(1).addDims(units).setRawData(ByteString.copyFrom(new byte[2 * units])))
                .addNode(NodeProto.newBuilder().setOpType("MatMul").addInput("x").addInput("B").addOutput("y"))
                .build();
        return header().toBuilder().setGraph(graph).build().toByteArray();
    }

    /**
     * {@code x [N, 4]} through a MatMul to 2 outputs, then {@code relus} Relu nodes in a chain: one module per
     * node in the imported network.
     */
    static byte[] manyRelus(int relus) {
        GraphProto.Builder graph = GraphProto.newBuilder().addInput(floatInput("x", 4))
                .addInitializer(TensorProto.newBuilder().setName("B").setDataType(TensorProto.DataType.FLOAT_VALUE)
                        .addDims(4).addDims(2).setRawData(ByteString.copyFrom(new byte[4 * 4 * 2])))
                .addNode(NodeProto.newBuilder().setOpType("MatMul").addInput("x").addInput("B").addOutput("h0"));
        for (int i = 0; i < relus; i++) {
            graph.addNode(NodeProto.newBuilder().setOpType("Relu").addInput("h" + i).addOutput("h" + (i + 1)));
        }
        graph.addOutput(ValueInfoProto.newBuilder().setName("h" + relus));
        return header().toBuilder().setGraph(graph).build().toByteArray();
    }

    /** A model whose graph has a node with a graph attribute whose graph has such a node ... {@code depth} deep. */
    static byte[] deeplyNested(int depth) {
        GraphProto.Builder nested = GraphProto.newBuilder();
        for (int level = 0; level < depth; level++) {
            nested = GraphProto.newBuilder().addNode(NodeProto.newBuilder().setOpType("If").addAttribute(
                    AttributeProto.newBuilder().setName("then_branch").setType(AttributeProto.AttributeType.GRAPH)
                            .setG(nested)));
        }
        return header().toBuilder().setGraph(nested).build().toByteArray();
    }

    /** A graph input {@code name [N, width]} of floats. */
    private static ValueInfoProto floatInput(String name, long width) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(
                        TensorShapeProto.newBuilder()
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))))).build();
    }

    private static TensorProto scalar(String name, float value) {
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(value)
                .build();
    }

    private static ModelProto header() {
        return ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
    }
}
