package dev.vecnet.onnx;

import dev.vecnet.format.ModelFormatException;
import dev.vecnet.onnx.proto.OnnxProtos.TensorProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorProto.DataLocation;
import dev.vecnet.onnx.proto.OnnxProtos.TensorProto.DataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant of an imported graph (an initializer or a {@code Constant} node's value), decoded and checked: its
 * dims, and its values as floats (from FLOAT, FLOAT16 or DOUBLE data) or as longs (from INT64 data, which
 * {@code Reshape} shapes use). Row-major, as ONNX stores tensors.
 *
 * <p>Decoding checks everything before it allocates: the data is stored in the file (not external), every
 * dim is {@code >= 0}, their product does not overflow and is at most {@link OnnxImporter#MAX_ELEMENTS}, and the
 * stored byte or element count equals that product. Immutable by convention (the arrays are not copied).
 *
 * @param name   the tensor's name, for messages
 * @param dims   the shape, each {@code >= 0}
 * @param floats the values of a float tensor, or null for an integer tensor
 * @param longs  the values of an integer tensor, or null for a float tensor
 */
record ConstantTensor(String name, long[] dims, float[] floats, long[] longs) {

    /** Elements in the tensor: the product of its dims. */
    int size() {
        return floats != null ? floats.length : longs.length;
    }

    /** Whether this is a float tensor of exactly the shape {@code expected}. */
    boolean hasShape(long... expected) {
        return floats != null && Arrays.equals(dims, expected);
    }

    /** The shape as ONNX writes it, e.g. {@code [16, 6]}. */
    String shapeText() {
        return FileText.dims(dims);
    }

    /**
     * Decodes {@code proto}.
     *
     * @param proto the tensor as stored
     * @param what   what the tensor is, for messages, its name quoted (e.g. "initializer '0.weight'")
     * @param budget where the decoded values are reserved before they are allocated
     * @return the decoded tensor
     * @throws ModelFormatException when the tensor is external, of an unsupported type, too large (for its limits
     *                              or the budget), or its data does not match its dims
     */
    static ConstantTensor decode(TensorProto proto, String what, HeapBudget budget) throws ModelFormatException {
        if (proto.getDataLocation() == DataLocation.EXTERNAL || proto.getExternalDataCount() > 0) {
            throw new ModelFormatException("ONNX " + what + " keeps its data in an external file; vecnet reads "
                    + "self-contained models only");
        }
        if (proto.getDimsCount() > OnnxImporter.MAX_RANK) {
            throw new ModelFormatException("ONNX " + what + " has " + proto.getDimsCount() + " dims; at most "
                    + OnnxImporter.MAX_RANK + " are supported");
        }
        long[] dims = new long[proto.getDimsCount()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = proto.getDims(i);
            if (dims[i] < 0) {
                throw new ModelFormatException("ONNX " + what + " has the negative dimension " + dims[i]);
            }
            try {
                count = Math.multiplyExact(count, dims[i]);
            } catch (ArithmeticException overflow) {
                throw new ModelFormatException("ONNX " + what + " has dims " + FileText.dims(proto.getDimsList())
                        + " whose product overflows");
            }
        }
        if (count > OnnxImporter.MAX_ELEMENTS) {
            throw new ModelFormatException("ONNX " + what + " has " + count + " elements; at most "
                    + OnnxImporter.MAX_ELEMENTS + " are supported");
        }
        int n = (int) count;
        int type = proto.getDataType();
        boolean raw = proto.hasRawData();
        // Every float type decodes to 4-byte floats, INT64 to longs; other types are refused below.
        budget.reserve((type == DataType.INT64_VALUE ? 8L : 4L) * n, "the values of the " + what);
        if (type == DataType.FLOAT_VALUE) {
            requireOneSource(what, raw, proto.getFloatDataCount(), proto);
            return new ConstantTensor(proto.getName(), dims, raw ? rawFloats(proto, what, n, 4)
                    : floatData(proto, what, n), null);
        }
        if (type == DataType.FLOAT16_VALUE) {
            requireOneSource(what, raw, proto.getInt32DataCount(), proto);
            return new ConstantTensor(proto.getName(), dims, raw ? rawFloats(proto, what, n, 2)
                    : halfData(proto, what, n), null);
        }
        if (type == DataType.DOUBLE_VALUE) {
            requireOneSource(what, raw, proto.getDoubleDataCount(), proto);
            return new ConstantTensor(proto.getName(), dims, raw ? rawFloats(proto, what, n, 8)
                    : doubleData(proto, what, n), null);
        }
        if (type == DataType.INT64_VALUE) {
            requireOneSource(what, raw, proto.getInt64DataCount(), proto);
            return new ConstantTensor(proto.getName(), dims, null, raw ? rawLongs(proto, what, n)
                    : longData(proto, what, n));
        }
        DataType known = DataType.forNumber(type);
        throw new ModelFormatException("ONNX " + what + " has the element type " + (known == null ? type : known)
                + "; vecnet reads FLOAT, FLOAT16 and DOUBLE tensors (INT64 for shapes)");
    }

    /** Refuses a tensor that stores its values both in raw_data and in a typed field, or in some other field. */
    private static void requireOneSource(String what, boolean raw, int typedCount, TensorProto proto)
            throws ModelFormatException {
        int otherFields = (proto.getFloatDataCount() > 0 ? 1 : 0) + (proto.getInt32DataCount() > 0 ? 1 : 0)
                + (proto.getInt64DataCount() > 0 ? 1 : 0) + (proto.getDoubleDataCount() > 0 ? 1 : 0)
                + (proto.getUint64DataCount() > 0 ? 1 : 0) + (proto.getStringDataCount() > 0 ? 1 : 0);
        if (raw && otherFields > 0 || !raw && otherFields > (typedCount > 0 ? 1 : 0)) {
            throw new ModelFormatException("ONNX " + what + " stores its values in more than one field, or in a "
                    + "field that does not match its element type");
        }
    }

    private static void requireCount(String what, long stored, long expected, String unit)
            throws ModelFormatException {
        if (stored != expected) {
            throw new ModelFormatException("ONNX " + what + " holds " + stored + " " + unit + " but its dims call for "
                    + expected);
        }
    }

    private static float[] rawFloats(TensorProto proto, String what, int n, int width) throws ModelFormatException {
        requireCount(what, proto.getRawData().size(), (long) n * width, "bytes of raw_data");
        ByteBuffer bytes = proto.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = switch (width) {
                case 2 -> halfToFloat(bytes.getShort());
                case 4 -> bytes.getFloat();
                default -> (float) bytes.getDouble();
            };
        }
        return values;
    }

    private static long[] rawLongs(TensorProto proto, String what, int n) throws ModelFormatException {
        requireCount(what, proto.getRawData().size(), (long) n * 8, "bytes of raw_data");
        ByteBuffer bytes = proto.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = bytes.getLong();
        }
        return values;
    }

    private static float[] floatData(TensorProto proto, String what, int n) throws ModelFormatException {
        requireCount(what, proto.getFloatDataCount(), n, "float_data values");
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = proto.getFloatData(i);
        }
        return values;
    }

    /** FLOAT16 values outside raw_data are stored one 16-bit pattern per int32_data element. */
    private static float[] halfData(TensorProto proto, String what, int n) throws ModelFormatException {
        requireCount(what, proto.getInt32DataCount(), n, "int32_data values");
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = halfToFloat(proto.getInt32Data(i));
        }
        return values;
    }

    private static float[] doubleData(TensorProto proto, String what, int n) throws ModelFormatException {
        requireCount(what, proto.getDoubleDataCount(), n, "double_data values");
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) proto.getDoubleData(i);
        }
        return values;
    }

    private static long[] longData(TensorProto proto, String what, int n) throws ModelFormatException {
        requireCount(what, proto.getInt64DataCount(), n, "int64_data values");
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = proto.getInt64Data(i);
        }
        return values;
    }

    /** IEEE 754 binary16 (the low 16 bits of {@code bits}) to float, exactly; Java 17 has no such method. */
    static float halfToFloat(int bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign == 0 ? subnormal : -subnormal;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        return Float.intBitsToFloat(sign | (exponent - 15 + 127) << 23 | mantissa << 13);
    }

    /** {@code values [rows][cols]} to a new array {@code [cols][rows]}; values is not modified. */
    static float[] transpose(float[] values, int rows, int cols) {
        float[] result = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                result[c * rows + r] = values[r * cols + c];
            }
        }
        return result;
    }
}
