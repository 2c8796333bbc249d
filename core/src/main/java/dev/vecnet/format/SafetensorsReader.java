package dev.vecnet.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates a safetensors file held in a byte array, before anything is allocated from
 * header values.
 *
 * <p>Layout: an 8-byte little-endian header length {@code n}, {@code n} bytes of UTF-8 JSON (an object
 * mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}}, plus an
 * optional {@code "__metadata__"} object of strings), then the data section. Checks, each failing with
 * a {@link ModelFormatException}: the file holds the length prefix; {@code n} is at most
 * {@link #MAX_HEADER_BYTES} and fits in the file; the header is valid UTF-8 and strict JSON (see
 * {@link JsonParser}) and an object; every entry has exactly those three fields, a known dtype, a shape
 * of non-negative integers whose product times the element size does not overflow and equals
 * {@code end - begin}; the ranges, sorted, start at 0, neither overlap nor leave holes, and end exactly
 * at the end of the file (no trailing bytes). Stateless; thread-safe.
 */
final class SafetensorsReader {
    /** Largest header accepted, in bytes (as the reference implementation). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The reserved header key of the string-to-string metadata map. */
    public static final String METADATA_KEY = "__metadata__";

    private SafetensorsReader() {
    }

    /**
     * Validates {@code file} and returns a view of it (the array is kept, not copied).
     *
     * @param file the whole file; kept by the returned view, so it must not be modified afterwards
     * @return a validated view of the file
     * @throws ModelFormatException if anything in the file is malformed: header length, JSON, dtypes, shapes, offsets
     *         not contiguous or not matching the shapes, or trailing bytes
     */
    @SuppressWarnings("unchecked")
    public static SafetensorsFile parse(byte[] file) throws ModelFormatException {
        if (file.length < 8) {
            throw new ModelFormatException("file of " + file.length + " bytes is shorter than the 8-byte header length");
        }
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new ModelFormatException("header length " + Long.toUnsignedString(n) + " at byte 0 exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (n > file.length - 8L) {
            throw new ModelFormatException("header length " + n + " at byte 0 runs past the end of the " + file.length
                    + "-byte file");
        }
        int dataStart = 8 + (int) n;
        String json;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file, 8, (int) n));
            json = chars.toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException("header (bytes 8.." + dataStart + ") is not valid UTF-8");
        }
        Object root = JsonParser.parse(json, (int) n);
        if (!(root instanceof Map)) {
            throw new ModelFormatException("header is JSON but not an object");
        }
        long dataLength = file.length - (long) dataStart;
        Map<String, String> metadata = Collections.emptyMap();
        List<SafetensorsFile.Tensor> list = new ArrayList<>();
        for (Map.Entry<String, ?> e : ((Map<String, ?>) root).entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata = metadata(e.getValue());
            } else {
                list.add(tensor(e.getKey(), e.getValue()));
            }
        }
        list.sort(Comparator.comparingLong(SafetensorsFile.Tensor::begin).thenComparingLong(SafetensorsFile.Tensor::end));
        long expected = 0;
        for (SafetensorsFile.Tensor t : list) {
            if (t.begin() != expected) {
                throw new ModelFormatException("tensor '" + t.name() + "': data_offsets start at " + t.begin() + " but "
                        + (t.begin() < expected ? "the previous tensor ends at " : "leave a hole after ") + expected);
            }
            expected = t.end();
        }
        if (expected != dataLength) {
            throw new ModelFormatException(expected > dataLength
                    ? "tensors need " + expected + " data bytes but the file holds " + dataLength
                    : (dataLength - expected) + " trailing bytes after the last tensor (data ends at file byte "
                            + (dataStart + expected) + ")");
        }
        Map<String, SafetensorsFile.Tensor> tensors = new LinkedHashMap<>();
        for (SafetensorsFile.Tensor t : list) {
            tensors.put(t.name(), t);
        }
        return new SafetensorsFile(file, dataStart, metadata, Collections.unmodifiableMap(tensors));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> metadata(Object value) throws ModelFormatException {
        if (!(value instanceof Map)) {
            throw new ModelFormatException(METADATA_KEY + " is not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : ((Map<String, ?>) value).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw new ModelFormatException(METADATA_KEY + " entry '" + e.getKey() + "' is not a string");
            }
            out.put(e.getKey(), (String) e.getValue());
        }
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static SafetensorsFile.Tensor tensor(String name, Object value) throws ModelFormatException {
        if (!(value instanceof Map)) {
            throw new ModelFormatException("tensor '" + name + "': header entry is not an object");
        }
        Map<String, ?> m = (Map<String, ?>) value;
        for (String key : m.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new ModelFormatException("tensor '" + name + "': unknown field '" + key + "'");
            }
        }
        if (!(m.get("dtype") instanceof String)) {
            throw new ModelFormatException("tensor '" + name + "': dtype missing or not a string");
        }
        DType dtype = DType.named((String) m.get("dtype"), name);
        long[] shape = integers(name, "shape", m.get("shape"));
        long[] offsets = integers(name, "data_offsets", m.get("data_offsets"));
        if (offsets.length != 2) {
            throw new ModelFormatException("tensor '" + name + "': data_offsets must hold 2 integers, has " + offsets.length);
        }
        long bytes = dtype.bytes();
        try {
            for (long d : shape) {
                bytes = Math.multiplyExact(bytes, d);
            }
        } catch (ArithmeticException e) {
            throw new ModelFormatException("tensor '" + name + "': shape product overflows");
        }
        if (offsets[0] > offsets[1]) {
            throw new ModelFormatException("tensor '" + name + "': data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] end before they begin");
        }
        if (offsets[1] - offsets[0] != bytes) {
            throw new ModelFormatException("tensor '" + name + "': shape and dtype need " + bytes + " bytes but data_offsets ["
                    + offsets[0] + ", " + offsets[1] + "] span " + (offsets[1] - offsets[0]));
        }
        return new SafetensorsFile.Tensor(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] integers(String tensor, String field, Object value) throws ModelFormatException {
        if (!(value instanceof List)) {
            throw new ModelFormatException("tensor '" + tensor + "': " + field + " missing or not an array");
        }
        List<?> list = (List<?>) value;
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = list.get(i);
            if (!(v instanceof JsonParser.JsonNumber)) {
                throw new ModelFormatException("tensor '" + tensor + "': " + field + "[" + i + "] is not a number");
            }
            String text = ((JsonParser.JsonNumber) v).text();
            long x;
            try {
                x = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new ModelFormatException("tensor '" + tensor + "': " + field + "[" + i + "] = " + text
                        + " is not an integer in range");
            }
            if (x < 0) {
                throw new ModelFormatException("tensor '" + tensor + "': " + field + "[" + i + "] = " + x + " is negative");
            }
            out[i] = x;
        }
        return out;
    }
}
