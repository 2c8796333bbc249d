package dev.vecnet.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * A validated safetensors file held in memory: its {@code __metadata__}, its tensors (in data order)
 * and the bytes. Produced only by {@link SafetensorsReader#parse}, so every tensor's byte range is
 * known to lie inside the data section. Immutable; thread-safe.
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
}
