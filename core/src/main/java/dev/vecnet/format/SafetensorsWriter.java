package dev.vecnet.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Collects tensors and metadata, then writes them as one safetensors file: the 8-byte little-endian
 * header length, the JSON header padded with spaces to a multiple of 8 bytes, then the tensors'
 * little-endian bytes in the order they were added. Float values are written bit for bit (NaN payloads
 * and {@code -0.0} kept). Not thread-safe; one writer per file.
 */
final class SafetensorsWriter {
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<SafetensorsFile.Tensor> tensors = new ArrayList<>();
    private final List<byte[]> data = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private long dataLength;

    /** An empty writer: no tensors, no metadata. */
    public SafetensorsWriter() {
    }

    /**
     * Adds a {@code __metadata__} entry.
     *
     * @param key the metadata key, valid UTF-16 (no unpaired surrogate)
     * @param value its value, valid UTF-16; a later entry with the same key replaces it
     * @return this writer
     * @throws IllegalArgumentException if the key or the value holds an unpaired surrogate, which UTF-8 cannot
     *         encode (the file would not read back as written)
     */
    public SafetensorsWriter metadata(String key, String value) {
        requireUnicode("metadata key", key);
        requireUnicode("metadata value of '" + key + "'", value);
        metadata.put(key, value);
        return this;
    }

    /**
     * Adds an F32 tensor of {@code count} values of {@code src} from {@code off}.
     *
     * @param shape its shape; the product must equal {@code count} (an empty shape is a scalar)
     * @param name the tensor's name, not yet used and not {@code __metadata__}
     * @param src the values; copied now, so src may change afterwards
     * @param off index in src of the first value
     * @param count number of values
     * @return this writer
     */
    public SafetensorsWriter addF32(String name, long[] shape, float[] src, int off, int count) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(count, 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            b.putInt(Float.floatToRawIntBits(src[off + i]));
        }
        return add(name, DType.F32, shape, count, b.array());
    }

    /**
     * Adds an I64 scalar (shape {@code []}).
     *
     * @param name the tensor's name, not yet used and not {@code __metadata__}
     * @param value the scalar
     * @return this writer
     */
    public SafetensorsWriter addI64Scalar(String name, long value) {
        return add(name, DType.I64, new long[0], 1, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    private SafetensorsWriter add(String name, DType dtype, long[] shape, long count, byte[] bytes) {
        if (name.equals(SafetensorsReader.METADATA_KEY) || !seen.add(name)) {
            throw new IllegalArgumentException("tensor name '" + name + "' is reserved or already used");
        }
        requireUnicode("tensor name", name);
        long product = 1;
        for (long d : shape) {
            product = Math.multiplyExact(product, d);
        }
        if (product != count) {
            throw new IllegalArgumentException("tensor '" + name + "': shape holds " + product + " elements, given " + count);
        }
        long begin = dataLength;
        dataLength += bytes.length;
        tensors.add(new SafetensorsFile.Tensor(name, dtype, shape.clone(), begin, dataLength));
        data.add(bytes);
        return this;
    }

    /**
     * The CRC32C of the file's contents as added so far, in the canonical form that
     * {@link SafetensorsFile#contentsCrc32c} reads: the metadata but {@code excludedKey}, the tensor table,
     * then the data. Add every tensor and every other metadata entry first.
     *
     * @param excludedKey the metadata key that will hold the checksum, left out
     * @return the CRC32C as 8 lower-case hex digits
     */
    public String contentsChecksum(String excludedKey) {
        CRC32C crc = SafetensorsFile.canonicalHeader(metadata, excludedKey, tensors);
        for (byte[] d : data) {
            crc.update(d);
        }
        return String.format("%08x", crc.getValue());
    }

    private static void requireUnicode(String what, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " holds an unpaired surrogate at index " + i
                        + ", which UTF-8 cannot encode");
            }
        }
    }

    /**
     * Writes the file to {@code out} (not closed).
     *
     * @param out the stream to write to; not closed
     * @throws IOException if writing to out fails
     */
    public void writeTo(OutputStream out) throws IOException {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append(JsonParser.quote(SafetensorsReader.METADATA_KEY)).append(":{");
            String sep = "";
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                json.append(sep).append(JsonParser.quote(e.getKey())).append(':').append(JsonParser.quote(e.getValue()));
                sep = ",";
            }
            json.append('}');
            if (!tensors.isEmpty()) {
                json.append(',');
            }
        }
        String sep = "";
        for (SafetensorsFile.Tensor t : tensors) {
            json.append(sep).append(JsonParser.quote(t.name())).append(":{\"dtype\":\"").append(t.dtype().name())
                    .append("\",\"shape\":[");
            for (int i = 0; i < t.shape().length; i++) {
                json.append(i == 0 ? "" : ",").append(t.shape()[i]);
            }
            json.append("],\"data_offsets\":[").append(t.begin()).append(',').append(t.end()).append("]}");
            sep = ",";
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) & ~7;
        byte[] prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array();
        out.write(prefix);
        out.write(header);
        for (int i = header.length; i < padded; i++) {
            out.write(' ');
        }
        for (byte[] d : data) {
            out.write(d);
        }
    }
}
