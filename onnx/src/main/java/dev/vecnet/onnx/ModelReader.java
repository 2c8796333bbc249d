package dev.vecnet.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.onnx.proto.OnnxProtos.ModelProto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the bytes of an ONNX file and parses them into a {@link ModelProto} within fixed limits: the file size
 * ({@link OnnxImporter#MAX_FILE_BYTES}, checked before the file is read), the protobuf nesting depth
 * ({@link #RECURSION_LIMIT}) and the message size (the input's length). Fields the schema does not declare are
 * skipped. Stateless.
 */
final class ModelReader {
    /**
     * Deepest nesting of messages and groups accepted. A model nests ModelProto, GraphProto, NodeProto,
     * AttributeProto, TensorProto and a few more; subgraphs (control flow) nest deeper, and vecnet refuses them
     * anyway, so 32 leaves room without letting a hostile file recurse far.
     */
    static final int RECURSION_LIMIT = 32;

    private ModelReader() {
    }

    /** Reads {@code file} after checking its size against the limit. */
    static byte[] readFile(Path file) throws IOException {
        long size = Files.size(file);
        if (size > OnnxImporter.MAX_FILE_BYTES) {
            throw new ModelFormatException("ONNX file " + file + " has " + size + " bytes; at most "
                    + OnnxImporter.MAX_FILE_BYTES + " are read");
        }
        try (InputStream in = Files.newInputStream(file)) {
            // The file may grow between the size check and the read: never read past the limit.
            byte[] bytes = in.readNBytes((int) OnnxImporter.MAX_FILE_BYTES + 1);
            if (bytes.length > OnnxImporter.MAX_FILE_BYTES) {
                throw new ModelFormatException("ONNX file " + file + " grew past " + OnnxImporter.MAX_FILE_BYTES
                        + " bytes while it was read");
            }
            return bytes;
        }
    }

    /** Parses a whole ONNX file. */
    static ModelProto parse(byte[] bytes) throws ModelFormatException {
        if (bytes.length > OnnxImporter.MAX_FILE_BYTES) {
            throw new ModelFormatException("ONNX model has " + bytes.length + " bytes; at most "
                    + OnnxImporter.MAX_FILE_BYTES + " are read");
        }
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setRecursionLimit(RECURSION_LIMIT);
        in.setSizeLimit(bytes.length);
        try {
            ModelProto model = ModelProto.parseFrom(in);
            if (!in.isAtEnd()) {
                throw new ModelFormatException("ONNX model is not a valid protobuf message: it ends at byte "
                        + in.getTotalBytesRead() + " of " + bytes.length);
            }
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFormatException("ONNX model is not a valid protobuf message: " + e.getMessage());
        } catch (IOException e) {
            throw new ModelFormatException("ONNX model could not be parsed: " + e.getMessage());
        }
    }
}
