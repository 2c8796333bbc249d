package dev.vecnet.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.onnx.proto.OnnxProtos.ModelProto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the bytes of an ONNX file and parses them into a {@link ModelProto} within fixed limits and a
 * {@link HeapBudget}: the file size ({@link OnnxImporter#MAX_FILE_BYTES} and the budget, checked before the file is
 * read), then a {@link WireScan} of the bytes (lengths, nesting, node and initializer counts, the heap of the
 * parsed message), and only then the parser. The parser shares the file's bytes rather than copying them
 * ({@code raw_data} and names are views on them) and keeps fields the schema does not declare as unknown fields,
 * whose heap the scan reserves too. Stateless.
 *
 * <p>The file is read once, into the heap, rather than streamed twice (once to check, once to parse): the parsed
 * tensors would hold a copy of the bytes anyway, and a file changed between two reads could pass the check and
 * then parse into something else.
 */
final class ModelReader {
    private ModelReader() {
    }

    /** Reads {@code file} after checking its size against the limit and the budget. */
    static byte[] readFile(Path file, HeapBudget budget) throws IOException {
        long size = Files.size(file);
        if (size > OnnxImporter.MAX_FILE_BYTES) {
            throw new ModelFormatException("ONNX file " + file + " has " + size
                    + " bytes; at most " + OnnxImporter.MAX_FILE_BYTES + " are read");
        }
        budget.reserve(size, "the file's " + size + " bytes");
        try (InputStream in = Files.newInputStream(file)) {
            // The file may grow between the size check and the read: never read past what was reserved.
            byte[] bytes = in.readNBytes((int) size);
            if (in.read() != -1) {
                throw new ModelFormatException("ONNX file " + file + " grew past " + size
                        + " bytes while it was read");
            }
            return bytes;
        }
    }

    /** Parses a whole ONNX file, reserving the parsed message's heap in {@code budget}. */
    static ModelProto parse(byte[] bytes, HeapBudget budget) throws ModelFormatException {
        if (bytes.length > OnnxImporter.MAX_FILE_BYTES) {
            throw new ModelFormatException("ONNX model has " + bytes.length + " bytes; at most "
                    + OnnxImporter.MAX_FILE_BYTES + " are read");
        }
        ByteString file = UnsafeByteOperations.unsafeWrap(bytes);
        WireScan.scan(file.newCodedInput(), bytes.length, budget);
        // An input over an immutable ByteString may alias: the parsed byte fields are views on the file.
        CodedInputStream in = file.newCodedInput();
        in.enableAliasing(true);
        in.setRecursionLimit(WireScan.MAX_DEPTH + 1);
        in.setSizeLimit(bytes.length);
        try {
            return ModelProto.parseFrom(in);
        } catch (IOException e) {
            // The scan accepted these bytes, so the parser should too; still, protobuf's words name its API.
            throw new ModelFormatException("ONNX model is not a valid protobuf message (the parser stopped at byte "
                    + in.getTotalBytesRead() + ")");
        }
    }
}
