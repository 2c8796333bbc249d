package dev.vecnet.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.onnx.proto.OnnxProtos.GraphProto;
import dev.vecnet.onnx.proto.OnnxProtos.ModelProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorProto;
import dev.vecnet.onnx.proto.OnnxProtos.TensorShapeProto;

import java.io.IOException;

/**
 * Walks the encoded bytes of a {@link ModelProto} before they are parsed, allocating nothing per field, so that
 * the parser meets only input whose cost is known: every length prefix fits in what remains of its message,
 * messages nest at most {@value #MAX_DEPTH} deep, the whole file holds at most {@link OnnxImporter#MAX_NODES}
 * nodes and {@link OnnxImporter#MAX_INITIALIZERS} initializers, a tensor or shape has at most
 * {@link OnnxImporter#MAX_RANK} dims, and the heap the parsed message will take is reserved in a
 * {@link HeapBudget} as the walk goes. Each limit stops the walk where it is passed, so a file of millions of
 * empty nodes is refused after ten thousand.
 *
 * <p>The walk follows the schema of the generated classes (their descriptors): fields the schema does not declare,
 * or declares with another wire type, are skipped; the parser keeps them as unknown fields, so their heap is
 * reserved too. Single use.
 */
final class WireScan {
    /** Deepest nesting of messages and groups accepted, the top-level message being depth 0. */
    static final int MAX_DEPTH = 32;
    /**
     * Heap one parsed message takes, an upper bound: the object with its fields (about 64 bytes for the largest
     * here, a NodeProto) and the builder and lists the parser makes on the way.
     */
    private static final long MESSAGE_BYTES = 256;
    /** Heap one element of a repeated number field takes: 8 bytes, doubled for the slack of a growing list. */
    private static final long NUMBER_BYTES = 16;
    /**
     * Heap one string or bytes field takes besides its characters: the view on the file's bytes the parser makes
     * (the parser shares the bytes), the String made from it when it is read, and the list slot.
     */
    private static final long STRING_BYTES = 128;
    /** Heap one unknown field takes in the parsed message's unknown-field set: its entry, list and value. */
    private static final long UNKNOWN_FIELD_BYTES = 128;

    private static final FieldDescriptor NODE = GraphProto.getDescriptor()
            .findFieldByNumber(GraphProto.NODE_FIELD_NUMBER);
    private static final FieldDescriptor INITIALIZER = GraphProto.getDescriptor()
            .findFieldByNumber(GraphProto.INITIALIZER_FIELD_NUMBER);
    private static final FieldDescriptor TENSOR_DIMS = TensorProto.getDescriptor()
            .findFieldByNumber(TensorProto.DIMS_FIELD_NUMBER);
    private static final FieldDescriptor SHAPE_DIMS = TensorShapeProto.getDescriptor()
            .findFieldByNumber(TensorShapeProto.DIM_FIELD_NUMBER);

    private final CodedInputStream in;
    private final HeapBudget budget;
    private long nodes;
    private long initializers;

    private WireScan(CodedInputStream in, HeapBudget budget) {
        this.in = in;
        this.budget = budget;
    }

    /**
     * Walks the {@code length} bytes of a ModelProto that {@code in} reads, reserving the heap its parsed form
     * needs in {@code budget}.
     *
     * @throws ModelFormatException naming the first defect or limit passed, and its byte offset
     */
    static void scan(CodedInputStream in, int length, HeapBudget budget) throws ModelFormatException {
        WireScan scan = new WireScan(in, budget);
        try {
            in.pushLimit(length);
            scan.budget.reserve(MESSAGE_BYTES, "the model message");
            scan.message(ModelProto.getDescriptor(), 0);
        } catch (InvalidProtocolBufferException e) {
            // Protobuf's words name its API; say what is wrong with the file instead.
            throw scan.malformed("is truncated or holds a malformed number or tag");
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw scan.malformed("could not be read: " + e.getMessage());
        }
    }

    /** The fields of one message of type {@code type}, up to the current limit. */
    private void message(Descriptor type, int depth) throws IOException {
        long rank = 0;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return;
            }
            int wireType = WireFormat.getTagWireType(tag);
            FieldDescriptor field = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
            if (wireType == WireFormat.WIRETYPE_END_GROUP) {
                throw malformed("ends a group that was not started");
            }
            boolean packed = field != null && field.isRepeated() && field.isPackable()
                    && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            if (field == null || !packed && wireType != field.getLiteType().getWireType()) {
                skip(tag, depth);
                continue;
            }
            long elements = packed ? packed(field) : field(field, depth);
            if (field == TENSOR_DIMS || field == SHAPE_DIMS) {
                rank += elements;
                if (rank > OnnxImporter.MAX_RANK) {
                    throw refused(OnnxImporter.MAX_RANK, "dims in one " + (field == TENSOR_DIMS ? "tensor" : "shape"));
                }
            }
        }
    }

    /** One field in its declared wire form; returns 1, the elements it adds. */
    private long field(FieldDescriptor field, int depth) throws IOException {
        switch (field.getJavaType()) {
            case MESSAGE: {
                count(field);
                budget.reserve(MESSAGE_BYTES, "the parsed messages");
                if (depth + 1 > MAX_DEPTH) {
                    throw malformed("nests messages more than " + MAX_DEPTH + " deep");
                }
                int outer = in.pushLimit(length());
                message(field.getMessageType(), depth + 1);
                in.popLimit(outer);
                return 1;
            }
            case STRING:
            case BYTE_STRING: {
                int length = length();
                in.skipRawBytes(length);
                // The parser shares the file's bytes; a name read becomes a String of up to 2 bytes a char.
                budget.reserve(STRING_BYTES + (field.getJavaType() == FieldDescriptor.JavaType.STRING ? 2L * length : 0),
                        "the parsed strings");
                return 1;
            }
            default:
                skipNumber(field.getLiteType().getWireType());
                if (field.isRepeated()) {
                    budget.reserve(NUMBER_BYTES, "the parsed number lists");
                }
                return 1;
        }
    }

    /** A packed repeated number field; returns its element count. */
    private long packed(FieldDescriptor field) throws IOException {
        int length = length();
        long elements;
        switch (field.getLiteType().getWireType()) {
            case WireFormat.WIRETYPE_FIXED32:
            case WireFormat.WIRETYPE_FIXED64: {
                int width = field.getLiteType().getWireType() == WireFormat.WIRETYPE_FIXED32 ? 4 : 8;
                if (length % width != 0) {
                    throw malformed("holds a packed list of " + width + "-byte numbers " + length + " bytes long");
                }
                in.skipRawBytes(length);
                elements = length / width;
                break;
            }
            default: {
                // Varints: one element per byte without the continuation bit; none may run past the field.
                elements = 0;
                int run = 0;
                for (int i = 0; i < length; i++) {
                    boolean last = (in.readRawByte() & 0x80) == 0;
                    run = last ? 0 : run + 1;
                    elements += last ? 1 : 0;
                    if (run >= 10) {
                        throw malformed("holds a number of more than 10 bytes");
                    }
                }
                if (run != 0) {
                    throw malformed("holds a packed list whose last number runs past its length");
                }
            }
        }
        budget.reserve(elements * NUMBER_BYTES, "the parsed number lists");
        return elements;
    }

    /** Skips a field the schema does not declare (or not with this wire type); groups nest. */
    private void skip(int tag, int depth) throws IOException {
        budget.reserve(UNKNOWN_FIELD_BYTES, "the fields vecnet does not read");
        int wireType = WireFormat.getTagWireType(tag);
        if (wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            in.skipRawBytes(length());
        } else if (wireType == WireFormat.WIRETYPE_START_GROUP) {
            if (depth + 1 > MAX_DEPTH) {
                throw malformed("nests groups more than " + MAX_DEPTH + " deep");
            }
            int number = WireFormat.getTagFieldNumber(tag);
            while (true) {
                int inner = in.readTag();
                if (inner == 0) {
                    throw malformed("starts a group (field " + number + ") that does not end");
                }
                if (WireFormat.getTagWireType(inner) == WireFormat.WIRETYPE_END_GROUP) {
                    if (WireFormat.getTagFieldNumber(inner) != number) {
                        throw malformed("ends group " + number + " with the end of group "
                                + WireFormat.getTagFieldNumber(inner));
                    }
                    return;
                }
                skip(inner, depth + 1);
            }
        } else {
            skipNumber(wireType);
        }
    }

    private void skipNumber(int wireType) throws IOException {
        switch (wireType) {
            case WireFormat.WIRETYPE_VARINT:
                in.readRawVarint64();
                break;
            case WireFormat.WIRETYPE_FIXED32:
                in.skipRawBytes(4);
                break;
            case WireFormat.WIRETYPE_FIXED64:
                in.skipRawBytes(8);
                break;
            default:
                throw malformed("has a field of the unknown wire type " + wireType);
        }
    }

    /** A length prefix, checked against what remains of the enclosing message. */
    private int length() throws IOException {
        int length = in.readRawVarint32();
        int remaining = in.getBytesUntilLimit();
        if (length < 0 || length > remaining) {
            throw malformed("declares a field of " + (length & 0xffffffffL) + " bytes where " + remaining
                    + " remain of its message");
        }
        return length;
    }

    /** Counts a node or an initializer, refusing the first past the limit. */
    private void count(FieldDescriptor field) throws ModelFormatException {
        if (field == NODE && ++nodes > OnnxImporter.MAX_NODES) {
            throw refused(OnnxImporter.MAX_NODES, "nodes");
        }
        if (field == INITIALIZER && ++initializers > OnnxImporter.MAX_INITIALIZERS) {
            throw refused(OnnxImporter.MAX_INITIALIZERS, "initializers");
        }
    }

    /** A limit passed: the file, well formed as far as read, holds more than {@code limit} of {@code what}. */
    private ModelFormatException refused(long limit, String what) {
        return new ModelFormatException("ONNX model has more than " + limit + " " + what + " (counted to byte "
                + in.getTotalBytesRead() + "); at most " + limit + " are supported");
    }

    private ModelFormatException malformed(String why) {
        return new ModelFormatException("ONNX model is not a valid protobuf message: at byte " + in.getTotalBytesRead()
                + " it " + why);
    }
}
