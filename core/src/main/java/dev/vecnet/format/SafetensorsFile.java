package dev.vecnet.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A validated safetensors file held in memory: its {@code __metadata__}, its tensors (in data order)
 * and the bytes. Produced only by {@link SafetensorsReader#parse}, so every tensor's byte range is
 * known to lie inside the data section. Immutable; thread-safe.
 *
 * <p>Its checksum ({@link #contentsCrc32c}) covers what the file means, not how its header happens to
 * be spelled: the metadata entries and the tensor table in a canonical serialisation, then the data
 * bytes (docs/model-format.md, "Integrity"). {@link SafetensorsWriter} computes the same function before
 * the file exists.
 */
final class SafetensorsFile {
    /**
     * One tensor's header entry; {@code begin} and {@code end} are relative to the data section.
     *
     * @param name  the tensor's name
     * @param dtype its element type
     * @param shape its shape ({@code []} for a scalar)
     * @param begin offset of its first byte in the data section
     * @param end   offset one past its last byte in the data section
     */
    public record Tensor(String name, DType dtype, long[] shape, long begin, long end) {
        /**
         * Number of elements (the product of the shape; 1 for a scalar).
         *
         * @return the number of elements, from the byte range and the dtype
         */
        public long elements() {
            return (end - begin) / dtype.bytes();
        }
    }

    private final byte[] bytes;
    private final int dataStart;
    private final Map<String, String> metadata;
    private final Map<String, Tensor> tensors;

    SafetensorsFile(byte[] bytes, int dataStart, Map<String, String> metadata, Map<String, Tensor> tensors) {
        this.bytes = bytes;
        this.dataStart = dataStart;
        this.metadata = metadata;
        this.tensors = tensors;
    }

    /**
     * The {@code __metadata__} map (empty when absent); unmodifiable.
     *
     * @return the metadata map; unmodifiable
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The tensors by name, in data order; unmodifiable.
     *
     * @return the tensors by name, in data order; unmodifiable
     */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /**
     * Byte offset of the data section in the file.
     *
     * @return the offset of the first data byte: 8 plus the header length
     */
    public int dataStart() {
        return dataStart;
    }

    /**
     * Length of the data section in bytes.
     *
     * @return the data section's length in bytes
     */
    public int dataLength() {
        return bytes.length - dataStart;
    }

    /** The whole file (live, not a copy: do not modify). */
    byte[] bytes() {
        return bytes;
    }

    /**
     * Copies an F32 tensor's values, bit for bit (NaN payloads kept), into {@code dst} from {@code off}.
     * The caller has checked the dtype and that {@code dst} has room.
     */
    void readF32(Tensor t, float[] dst, int off) {
        ByteBuffer b = ByteBuffer.wrap(bytes, dataStart + (int) t.begin(), (int) (t.end() - t.begin()))
                .order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) t.elements();
        for (int i = 0; i < n; i++) {
            dst[off + i] = Float.intBitsToFloat(b.getInt());
        }
    }

    /** The single value of an I64 tensor of one element. */
    long readI64(Tensor t) {
        return ByteBuffer.wrap(bytes, dataStart + (int) t.begin(), 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /**
     * CRC32C of the file's contents in canonical form: the metadata without {@code excludedKey}, the
     * tensor table and the data section (see {@link #canonicalHeader}).
     *
     * @param excludedKey the metadata key that holds the checksum itself, left out
     * @return the CRC32C, in the low 32 bits
     */
    long contentsCrc32c(String excludedKey) {
        CRC32C crc = canonicalHeader(metadata, excludedKey, tensors.values());
        crc.update(bytes, dataStart, dataLength());
        return crc.getValue();
    }

    /**
     * CRC32C of the data section alone (the checksum of format-1 model files).
     *
     * @return the CRC32C, in the low 32 bits
     */
    long dataCrc32c() {
        CRC32C crc = new CRC32C();
        crc.update(bytes, dataStart, dataLength());
        return crc.getValue();
    }

    /**
     * A CRC32C fed with the canonical serialisation of a header; the caller then feeds it the data
     * section. Every integer is 8 bytes little-endian, every string its UTF-8 bytes preceded by their
     * count:
     *
     * <pre>
     * M, then per metadata entry but excludedKey, by key:   key, value
     * T, then per tensor, by name:                          name, dtype, rank, each dimension, begin, end
     * </pre>
     *
     * <p>"By key" and "by name" order the UTF-8 bytes lexicographically as unsigned values, so the
     * checksum depends neither on the order of the JSON members nor on how strings are escaped. The
     * strings must be valid UTF-16 (no unpaired surrogate), as the parser and the writer ensure.
     * Allocates two lists of references and a small buffer, nothing per entry.
     *
     * @param metadata    the metadata map; not modified
     * @param excludedKey the key left out (the one that stores the checksum), or null
     * @param tensors     the tensor table, in any order; not modified
     * @return a new CRC32C holding the serialised header
     */
    static CRC32C canonicalHeader(Map<String, String> metadata, String excludedKey, Collection<Tensor> tensors) {
        Canonical out = new Canonical();
        List<Map.Entry<String, String>> entries = new ArrayList<>(metadata.size());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!e.getKey().equals(excludedKey)) {
                entries.add(e);
            }
        }
        entries.sort(Map.Entry.comparingByKey(SafetensorsFile::compareUtf8));
        out.integer(entries.size());
        for (Map.Entry<String, String> e : entries) {
            out.string(e.getKey());
            out.string(e.getValue());
        }
        List<Tensor> table = new ArrayList<>(tensors);
        table.sort(Comparator.comparing(Tensor::name, SafetensorsFile::compareUtf8));
        out.integer(table.size());
        for (Tensor t : table) {
            out.string(t.name());
            out.string(t.dtype().name());
            out.integer(t.shape().length);
            for (long d : t.shape()) {
                out.integer(d);
            }
            out.integer(t.begin());
            out.integer(t.end());
        }
        return out.finish();
    }

    /** Orders strings as their UTF-8 bytes compare, unsigned: the order of their code points. */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** The writing side of the canonical serialisation: UTF-8 encoded by hand into a buffer that feeds a CRC32C. */
    private static final class Canonical {
        private final CRC32C crc = new CRC32C();
        private final byte[] buffer = new byte[8192];
        private int used;

        void integer(long v) {
            room(8);
            for (int i = 0; i < 8; i++) {
                buffer[used++] = (byte) (v >>> (8 * i));
            }
        }

        void string(String s) {
            integer(utf8Length(s));
            for (int i = 0; i < s.length(); ) {
                int c = s.codePointAt(i);
                i += Character.charCount(c);
                room(4);
                if (c < 0x80) {
                    buffer[used++] = (byte) c;
                } else if (c < 0x800) {
                    buffer[used++] = (byte) (0xC0 | c >>> 6);
                    buffer[used++] = (byte) (0x80 | c & 0x3F);
                } else if (c < 0x10000) {
                    buffer[used++] = (byte) (0xE0 | c >>> 12);
                    buffer[used++] = (byte) (0x80 | c >>> 6 & 0x3F);
                    buffer[used++] = (byte) (0x80 | c & 0x3F);
                } else {
                    buffer[used++] = (byte) (0xF0 | c >>> 18);
                    buffer[used++] = (byte) (0x80 | c >>> 12 & 0x3F);
                    buffer[used++] = (byte) (0x80 | c >>> 6 & 0x3F);
                    buffer[used++] = (byte) (0x80 | c & 0x3F);
                }
            }
        }

        private static long utf8Length(String s) {
            long n = 0;
            for (int i = 0; i < s.length(); ) {
                int c = s.codePointAt(i);
                i += Character.charCount(c);
                n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            }
            return n;
        }

        private void room(int bytes) {
            if (used + bytes > buffer.length) {
                crc.update(buffer, 0, used);
                used = 0;
            }
        }

        CRC32C finish() {
            crc.update(buffer, 0, used);
            used = 0;
            return crc;
        }
    }
}
