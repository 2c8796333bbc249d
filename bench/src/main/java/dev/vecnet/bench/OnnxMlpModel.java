package dev.vecnet.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes, in code, the ONNX model of an MLP: a chain of {@code Gemm} nodes ({@code transB = 1}, weight
 * {@code [out][in]} as in PyTorch's {@code nn.Linear}, bias {@code [out]}), each hidden one followed by a
 * {@code Relu}, with input {@code "x"} of shape {@code [1, in]} and output {@code "y"} of shape
 * {@code [1, out]}. The result is the serialised {@code onnx.ModelProto} (IR version 8, default-domain
 * opset 13), ready for {@code OrtEnvironment.createSession(byte[], options)}: no Python, no {@code onnx}
 * package and no binary model file in the repository.
 *
 * <p>The encoder below is a minimal protobuf writer: varints (wire type 0) and length-delimited fields
 * (wire type 2: strings, bytes, nested messages). Field numbers are those of {@code onnx/onnx.proto}
 * (proto2; repeated scalars such as {@code dims} are written unpacked, which every parser accepts):
 * <pre>
 *   ModelProto          ir_version=1 producer_name=2 graph=7 opset_import=8
 *   OperatorSetIdProto  domain=1 version=2
 *   GraphProto          node=1 name=2 initializer=5 input=11 output=12
 *   NodeProto           input=1 output=2 name=3 op_type=4 attribute=5
 *   AttributeProto      name=1 i=3 type=20 (AttributeType INT = 2)
 *   TensorProto         dims=1 data_type=2 (FLOAT = 1) name=8 raw_data=9 (little-endian)
 *   ValueInfoProto      name=1 type=2
 *   TypeProto           tensor_type=1;  TypeProto.Tensor elem_type=1 shape=2
 *   TensorShapeProto    dim=1;          TensorShapeProto.Dimension dim_value=1
 * </pre>
 */
final class OnnxMlpModel {
    static final String INPUT = "x";
    static final String OUTPUT = "y";

    private static final long IR_VERSION = 8;
    private static final long OPSET = 13;
    private static final int ATTRIBUTE_INT = 2;
    private static final int TENSOR_FLOAT = 1;

    private OnnxMlpModel() {
    }

    /**
     * The model bytes of the MLP {@code sizes[0] -> sizes[1] -> ... -> sizes[L]} with ReLU after every
     * layer but the last. {@code weights[l]} is layer l's {@code [sizes[l+1]][sizes[l]]} row-major,
     * {@code biases[l]} its {@code [sizes[l+1]]}.
     */
    static byte[] mlp(int[] sizes, float[][] weights, float[][] biases) {
        int layers = sizes.length - 1;
        if (layers < 1 || weights.length != layers || biases.length != layers) {
            throw new IllegalArgumentException("sizes has " + sizes.length + " entries, weights " + weights.length
                    + ", biases " + biases.length + ": need L + 1, L and L with L >= 1");
        }
        Message graph = new Message();
        String current = INPUT;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            if (weights[l].length != out * in || biases[l].length != out) {
                throw new IllegalArgumentException("layer " + l + ": weight " + weights[l].length + " floats (need "
                        + out + " x " + in + "), bias " + biases[l].length + " (need " + out + ")");
            }
            String w = "fc" + l + ".weight";
            String b = "fc" + l + ".bias";
            graph.message(5, tensor(w, new long[] {out, in}, weights[l]));
            graph.message(5, tensor(b, new long[] {out}, biases[l]));
            boolean last = l == layers - 1;
            String gemmOut = last ? OUTPUT : "fc" + l + ".out";
            graph.message(1, new Message()
                    .string(1, current).string(1, w).string(1, b)
                    .string(2, gemmOut)
                    .string(3, "fc" + l)
                    .string(4, "Gemm")
                    .message(5, new Message().string(1, "transB").varint(3, 1).varint(20, ATTRIBUTE_INT)));
            current = gemmOut;
            if (!last) {
                String reluOut = "relu" + l + ".out";
                graph.message(1, new Message().string(1, current).string(2, reluOut).string(3, "relu" + l)
                        .string(4, "Relu"));
                current = reluOut;
            }
        }
        graph.string(2, "vecnet_bench_mlp");
        graph.message(11, floatMatrixValue(INPUT, 1, sizes[0]));
        graph.message(12, floatMatrixValue(OUTPUT, 1, sizes[layers]));

        return new Message()
                .varint(1, IR_VERSION)
                .string(2, "vecnet-bench")
                .message(7, graph)
                .message(8, new Message().string(1, "").varint(2, OPSET))
                .toByteArray();
    }

    /** TensorProto: FLOAT data as little-endian raw_data. */
    private static Message tensor(String name, long[] dims, float[] data) {
        Message t = new Message();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, TENSOR_FLOAT);
        t.string(8, name);
        byte[] raw = new byte[4 * data.length];
        for (int i = 0; i < data.length; i++) {
            int bits = Float.floatToRawIntBits(data[i]);
            raw[4 * i] = (byte) bits;
            raw[4 * i + 1] = (byte) (bits >>> 8);
            raw[4 * i + 2] = (byte) (bits >>> 16);
            raw[4 * i + 3] = (byte) (bits >>> 24);
        }
        t.bytes(9, raw);
        return t;
    }

    /** ValueInfoProto of a {@code rows x cols} float tensor. */
    private static Message floatMatrixValue(String name, long rows, long cols) {
        Message shape = new Message()
                .message(1, new Message().varint(1, rows))
                .message(1, new Message().varint(1, cols));
        Message tensorType = new Message().varint(1, TENSOR_FLOAT).message(2, shape);
        return new Message().string(1, name).message(2, new Message().message(1, tensorType));
    }

    /** A protobuf message being written: fields in the order they are added. */
    private static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Message varint(int field, long value) {
            tag(field, 0);
            writeVarint(value);
            return this;
        }

        Message string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Message bytes(int field, byte[] value) {
            tag(field, 2);
            writeVarint(value.length);
            out.write(value, 0, value.length);
            return this;
        }

        Message message(int field, Message value) {
            return bytes(field, value.toByteArray());
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            writeVarint(((long) field << 3) | wireType);
        }

        /** Base-128 varint, least significant group first (negative values take ten bytes, as protobuf's int64). */
        private void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
