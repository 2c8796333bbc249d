package dev.vecnet.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * of at most {@link #MAX_RANK} non-negative integers whose product times the element size does not
 * overflow and equals {@code end - begin}; the metadata holds at most {@link #MAX_METADATA_ENTRIES}
 * entries; the ranges, sorted, start at 0, neither overlap nor leave holes, and end exactly at the end
 * of the file (no trailing bytes).
 *
 * <p>Memory: the header's syntax is checked first without allocating; then it is read with a pull
 * reader straight into compact tensor records, never into a general JSON tree, so a header of many tiny
 * values ({@code "shape": [0,0,0,...]}, {@code [{},{},...]}) is refused at the first value the layout
 * does not allow. What a header of {@code n} bytes makes the reader allocate is at most a small multiple
 * of {@code n} (about {@code 6 n} for the densest valid table; see docs/model-format.md). Stateless;
 * thread-safe.
 */
final class SafetensorsReader {
    /** Largest header accepted, in bytes (as the reference implementation). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Most dimensions a tensor's shape may have (NumPy's limit). */
    public static final int MAX_RANK = 64;
    /** Most entries the {@code __metadata__} object may hold. */
    public static final int MAX_METADATA_ENTRIES = 1024;
    /** The reserved header key of the string-to-string metadata map. */
    public static final String METADATA_KEY = "__metadata__";
    /** The fields of a tensor entry, returned by the parser without a copy. */
    private static final String[] FIELDS = {"dtype", "shape", "data_offsets"};
    /** The dtype names, returned by the parser without a copy. */
    private static final String[] DTYPES = Arrays.stream(DType.values()).map(DType::name).toArray(String[]::new);

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
        String json = decodeUtf8(file, 8, (int) n);
        JsonParser.validate(json, (int) n);
        JsonParser p = JsonParser.reader(json);
        if (p.peekToken() != '{') {
            throw new ModelFormatException("header is JSON but not an object");
        }
        p.beginObject();
        Map<String, String> metadata = null;
        List<SafetensorsFile.Tensor> list = new ArrayList<>();
        Scratch scratch = new Scratch();
        while (p.nextMember()) {
            int keyAt = p.position();
            String name = p.key();
            if (name.equals(METADATA_KEY)) {
                if (metadata != null) {
                    throw p.errorAt(keyAt, "duplicate key \"" + METADATA_KEY + "\"");
                }
                metadata = metadata(p);
            } else {
                list.add(tensor(p, name, scratch));
            }
        }
        // Sorting finds repeated names without a set of them (the header has been read; no position to name).
        list.sort(Comparator.comparing(SafetensorsFile.Tensor::name));
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).name().equals(list.get(i - 1).name())) {
                throw new ModelFormatException("header: duplicate key \"" + JsonParser.excerpt(list.get(i).name()) + "\"");
            }
        }
        list.sort(Comparator.comparingLong(SafetensorsFile.Tensor::begin).thenComparingLong(SafetensorsFile.Tensor::end));
        long dataLength = file.length - (long) dataStart;
        long expected = 0;
        for (SafetensorsFile.Tensor t : list) {
            if (t.begin() != expected) {
                throw new ModelFormatException("tensor '" + JsonParser.excerpt(t.name()) + "': data_offsets start at "
                        + t.begin() + " but " + (t.begin() < expected ? "the previous tensor ends at " : "leave a hole after ")
                        + expected);
            }
            expected = t.end();
        }
        if (expected != dataLength) {
            throw new ModelFormatException(expected > dataLength
                    ? "tensors need " + expected + " data bytes but the file holds " + dataLength
                    : (dataLength - expected) + " trailing bytes after the last tensor (data ends at file byte "
                            + (dataStart + expected) + ")");
        }
        Map<String, SafetensorsFile.Tensor> tensors = new LinkedHashMap<>((int) (list.size() / 0.75f) + 1);
        for (SafetensorsFile.Tensor t : list) {
            tensors.put(t.name(), t);
        }
        return new SafetensorsFile(file, dataStart, metadata == null ? Collections.emptyMap() : metadata,
                Collections.unmodifiableMap(tensors));
    }

    /**
     * The header as text: strict UTF-8 (malformed input refused). A header of ASCII only, the usual case,
     * becomes a string of one byte per character without an intermediate char buffer.
     */
    private static String decodeUtf8(byte[] file, int off, int len) throws ModelFormatException {
        boolean ascii = true;
        for (int i = off; i < off + len && ascii; i++) {
            ascii = file[i] >= 0;
        }
        if (ascii) {
            return new String(file, off, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException("header (bytes 8.." + (off + len) + ") is not valid UTF-8");
        }
    }

    private static Map<String, String> metadata(JsonParser p) throws ModelFormatException {
        if (p.peekToken() != '{') {
            throw new ModelFormatException(METADATA_KEY + " is not an object");
        }
        p.beginObject();
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextMember()) {
            int keyAt = p.position();
            String key = p.key();
            if (out.size() == MAX_METADATA_ENTRIES) {
                throw new ModelFormatException(METADATA_KEY + " holds more than " + MAX_METADATA_ENTRIES + " entries");
            }
            if (p.peekToken() != '"') {
                throw new ModelFormatException(METADATA_KEY + " entry '" + JsonParser.excerpt(key) + "' is not a string");
            }
            if (out.putIfAbsent(key, p.string()) != null) {
                throw p.errorAt(keyAt, "duplicate key \"" + JsonParser.excerpt(key) + "\"");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static SafetensorsFile.Tensor tensor(JsonParser p, String fullName, Scratch scratch) throws ModelFormatException {
        String name = JsonParser.excerpt(fullName);
        if (p.peekToken() != '{') {
            throw new ModelFormatException("tensor '" + name + "': header entry is not an object");
        }
        p.beginObject();
        DType dtype = null;
        long[] shape = null;
        int offsets = -1;
        while (p.nextMember()) {
            int keyAt = p.position();
            String key = p.key(FIELDS);
            boolean repeated;
            switch (key) {
                case "dtype":
                    repeated = dtype != null;
                    if (p.peekToken() != '"') {
                        throw new ModelFormatException("tensor '" + name + "': dtype missing or not a string");
                    }
                    dtype = DType.named(JsonParser.excerpt(p.string(DTYPES)), name);
                    break;
                case "shape":
                    repeated = shape != null;
                    shape = Arrays.copyOf(scratch.shape, integers(p, name, "shape", scratch.shape));
                    break;
                case "data_offsets":
                    repeated = offsets >= 0;
                    offsets = integers(p, name, "data_offsets", scratch.offsets);
                    break;
                default:
                    throw new ModelFormatException("tensor '" + name + "': unknown field '" + JsonParser.excerpt(key) + "'");
            }
            if (repeated) {
                throw p.errorAt(keyAt, "duplicate key \"" + key + "\"");
            }
        }
        if (dtype == null) {
            throw new ModelFormatException("tensor '" + name + "': dtype missing or not a string");
        }
        if (shape == null) {
            throw new ModelFormatException("tensor '" + name + "': shape missing or not an array");
        }
        if (offsets != 2) {
            throw new ModelFormatException("tensor '" + name + "': data_offsets must hold 2 integers, has "
                    + (offsets < 0 ? "none" : offsets));
        }
        long begin = scratch.offsets[0];
        long end = scratch.offsets[1];
        long bytes = dtype.bytes();
        try {
            for (long d : shape) {
                bytes = Math.multiplyExact(bytes, d);
            }
        } catch (ArithmeticException e) {
            throw new ModelFormatException("tensor '" + name + "': shape product overflows");
        }
        if (begin > end) {
            throw new ModelFormatException("tensor '" + name + "': data_offsets [" + begin + ", " + end
                    + "] end before they begin");
        }
        if (end - begin != bytes) {
            throw new ModelFormatException("tensor '" + name + "': shape and dtype need " + bytes + " bytes but data_offsets ["
                    + begin + ", " + end + "] span " + (end - begin));
        }
        return new SafetensorsFile.Tensor(fullName, dtype, shape, begin, end);
    }

    /** Where a tensor entry's arrays are gathered before the entry is complete, reused across entries. */
    private static final class Scratch {
        final long[] shape = new long[MAX_RANK];
        final long[] offsets = new long[2];
    }

    /**
     * Reads an array of at most {@code into.length} non-negative integers into {@code into} and returns
     * their count. Elements beyond the limit are still checked and counted, for the message, but never
     * stored.
     */
    private static int integers(JsonParser p, String tensor, String field, long[] into) throws ModelFormatException {
        if (p.peekToken() != '[') {
            throw new ModelFormatException("tensor '" + tensor + "': " + field + " missing or not an array");
        }
        p.beginArray();
        long count = 0;
        while (p.nextElement()) {
            if (!p.atNumber()) {
                throw new ModelFormatException("tensor '" + tensor + "': " + field + "[" + count + "] is not a number");
            }
            long x = p.naturalNumber();
            if (x < 0) {
                String text = p.lastNumber();
                throw new ModelFormatException("tensor '" + tensor + "': " + field + "[" + count + "] = " + text
                        + (text.startsWith("-") ? " is negative" : " is not an integer in range"));
            }
            if (count < into.length) {
                into[(int) count] = x;
            }
            count++;
        }
        if (count > into.length) {
            throw new ModelFormatException("tensor '" + tensor + "': " + field + " holds " + count + " integers, more than "
                    + (into.length == 2 ? "the 2 of [begin, end]" : "the limit of " + into.length));
        }
        return (int) count;
    }
}
