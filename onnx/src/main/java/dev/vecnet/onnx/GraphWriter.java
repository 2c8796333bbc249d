package dev.vecnet.onnx;

import com.google.protobuf.ByteString;
import dev.vecnet.onnx.proto.OnnxProtos.AttributeProto;
import dev.vecnet.onnx.proto.OnnxProtos.GraphProto;
import dev.vecnet.onnx.proto.OnnxProtos.NodeProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.vecnet.onnx.proto.OnnxProtos.TypeProto;
import dev.vecnet.onnx.proto.OnnxProtos.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a sequential ONNX graph: each {@link #node} reads the previous node's output (at first the graph input)
 * plus the initializers it names, and becomes the new end of the path; {@link #finish} names the last value as
 * the graph output. Float tensors are stored little-endian in {@code raw_data}. Single use, not thread-safe.
 */
final class GraphWriter {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final List<NodeProto.Builder> nodes = new ArrayList<>();
    private final String inputName;
    private final int inputSize;
    private String current;

    /** A graph whose input {@code inputName} is {@code [batch, inputSize]} floats, the batch axis dynamic. */
    GraphWriter(String name, String inputName, int inputSize) {
        graph.setName(name);
        this.inputName = inputName;
        this.inputSize = inputSize;
        this.current = inputName;
    }

    /** Adds a float initializer of shape {@code dims} and returns its name. */
    String initializer(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(tensor(name, TensorProto.DataType.FLOAT, dims).setRawData(ByteString.copyFrom(bytes)));
        return name;
    }

    /** Adds an INT64 initializer of shape {@code [values.length]} and returns its name. */
    String int64Initializer(String name, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        graph.addInitializer(tensor(name, TensorProto.DataType.INT64, values.length)
                .setRawData(ByteString.copyFrom(bytes)));
        return name;
    }

    private static TensorProto.Builder tensor(String name, TensorProto.DataType type, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        return tensor;
    }

    /**
     * Appends {@code opType(path value, constants...)} named {@code name}; its output becomes the path's end.
     */
    void node(String name, String opType, List<String> constants, AttributeProto... attributes) {
        String output = name + "_output";
        NodeProto.Builder node = NodeProto.newBuilder().setName(name).setOpType(opType).addInput(current)
                .addAllInput(constants).addOutput(output);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        nodes.add(node);
        current = output;
    }

    /** The graph, its last node writing {@code outputName} ({@code [batch, outputSize]} floats). */
    GraphProto finish(String outputName, int outputSize) {
        if (nodes.isEmpty()) {
            node("identity", "Identity", List.of());
        }
        nodes.get(nodes.size() - 1).setOutput(0, outputName);
        for (NodeProto.Builder node : nodes) {
            graph.addNode(node);
        }
        graph.addInput(value(inputName, inputSize));
        graph.addOutput(value(outputName, outputSize));
        return graph.build();
    }

    private static ValueInfoProto value(String name, int features) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features))
                .build();
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    /** A FLOAT attribute. */
    static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    /** An INT attribute. */
    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value)
                .build();
    }

    /** An INTS attribute. */
    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }
}
