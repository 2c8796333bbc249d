package dev.vecnet.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Raw model files built byte by byte, for tests that feed the reader what no writer would write. */
final class TestFiles {
    /** The checksum placeholder of {@link #withMetadata}; the checksum leaves its own entry out. */
    static final String NO_CHECKSUM = "00000000";

    private TestFiles() {
    }

    /** A safetensors file: the 8-byte length of {@code header}'s UTF-8 bytes, those bytes, then {@code data}. */
    static byte[] file(CharSequence header, byte[] data) {
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).put(data)
                .array();
    }

    /**
     * The header of a format-2 model file with this architecture and these tensor entries (JSON members,
     * possibly empty), whose checksum is {@link #NO_CHECKSUM} until {@link #sealed} replaces it.
     */
    static String withMetadata(String architecture, String tensors) {
        return "{\"__metadata__\":{\"vecnet.format_version\":\"2\",\"vecnet.crc32c\":\"" + NO_CHECKSUM
                + "\",\"vecnet.architecture\":" + JsonParser.quote(architecture) + "}" + (tensors.isEmpty() ? "" : "," + tensors)
                + "}";
    }

    /**
     * {@code file} with its {@code vecnet.crc32c} value, first as {@link #NO_CHECKSUM}, replaced by the
     * format-2 checksum of its contents, so that a test reaches the checks behind the checksum. Modifies
     * and returns {@code file}; a file the safetensors reader refuses is returned unchanged.
     */
    static byte[] sealed(byte[] file) {
        SafetensorsFile st;
        try {
            st = SafetensorsReader.parse(file);
        } catch (ModelFormatException e) {
            return file;
        }
        String crc = String.format("%08x", st.contentsCrc32c(ModelFile.KEY_CHECKSUM));
        String marker = "\"" + ModelFile.KEY_CHECKSUM + "\":\"";
        int at = new String(file, 0, st.dataStart(), StandardCharsets.ISO_8859_1).indexOf(marker) + marker.length();
        System.arraycopy(crc.getBytes(StandardCharsets.US_ASCII), 0, file, at, 8);
        return file;
    }

    /** {@code file} read with the default options; a refusal fails the test with its message. */
    static LoadedModel loads(byte[] file) {
        try {
            return ModelFile.read(file, LoadOptions.defaults());
        } catch (ModelFormatException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }

    /** The little-endian bytes of {@code values}. */
    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : values) {
            b.putFloat(x);
        }
        return b.array();
    }
}
