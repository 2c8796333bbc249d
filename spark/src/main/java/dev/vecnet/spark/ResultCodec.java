package dev.vecnet.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link PartitionResult} as the bytes the tasks of one barrier job send each other ({@link PeerLink}): counts,
 * then each array as its length and its values, little-endian, copied in bulk (a memory copy on little-endian
 * machines). A null array is written as length -1.
 *
 * <p>Holds one output buffer, reused by every {@link #encode} and grown when a result does not fit; not
 * thread-safe (one per task). Decoding allocates the result's arrays.
 */
final class ResultCodec {
    private ByteBuffer out = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);

    /**
     * Writes {@code result}.
     *
     * @param result the result to write (read only)
     * @return this codec's buffer, from position 0 to the encoded length; valid until the next call
     */
    ByteBuffer encode(PartitionResult result) {
        long size = 8 + 8 + floatsSize(result.values()) + 4 + 8L * result.batchesTracked().length + 4 + 8;
        for (Map.Entry<String, float[]> e : result.optimizerState().entrySet()) {
            size += 4 + e.getKey().getBytes(StandardCharsets.UTF_8).length + floatsSize(e.getValue());
        }
        if (out.capacity() < size) {
            out = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        }
        out.clear();
        out.putLong(result.examples()).putDouble(result.lossSum());
        putFloats(result.values());
        out.putInt(result.batchesTracked().length);
        for (long v : result.batchesTracked()) {
            out.putLong(v);
        }
        out.putInt(result.optimizerState().size());
        for (Map.Entry<String, float[]> e : result.optimizerState().entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.putInt(key.length).put(key);
            putFloats(e.getValue());
        }
        out.putLong(result.optimizerSteps());
        out.flip();
        return out;
    }

    /**
     * Reads a result {@link #encode} wrote.
     *
     * @param in the bytes, from its position; its position is advanced past them
     * @return a new result with new arrays
     */
    static PartitionResult decode(ByteBuffer in) {
        return decode(in, null);
    }

    /**
     * Reads a result {@link #encode} wrote, its values into {@code reuse} when that has their length: the exchanges
     * of an exact step decode a parameter-sized array per partition every step, and arrays that large bypass the
     * young generation's allocation buffers (G1 allocates arrays of half a region or more, 512 KB with a 1 GB heap,
     * as humongous objects), so reusing them keeps the step from triggering collections.
     *
     * @param in    the bytes, from its position; its position is advanced past them
     * @param reuse the array to read the values into, or null
     * @return a result holding {@code reuse} or a new values array, and new other arrays
     */
    static PartitionResult decode(ByteBuffer in, float[] reuse) {
        in.order(ByteOrder.LITTLE_ENDIAN);
        long examples = in.getLong();
        double lossSum = in.getDouble();
        float[] values = getFloats(in, reuse);
        long[] tracked = new long[in.getInt()];
        for (int i = 0; i < tracked.length; i++) {
            tracked[i] = in.getLong();
        }
        int entries = in.getInt();
        Map<String, float[]> state = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            byte[] key = new byte[in.getInt()];
            in.get(key);
            state.put(new String(key, StandardCharsets.UTF_8), getFloats(in, null));
        }
        return new PartitionResult(examples, lossSum, values, tracked, state, in.getLong());
    }

    private static long floatsSize(float[] values) {
        return 4 + (values == null ? 0 : 4L * values.length);
    }

    private void putFloats(float[] values) {
        if (values == null) {
            out.putInt(-1);
            return;
        }
        out.putInt(values.length);
        out.asFloatBuffer().put(values);
        out.position(out.position() + 4 * values.length);
    }

    private static float[] getFloats(ByteBuffer in, float[] reuse) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        float[] values = reuse != null && reuse.length == length ? reuse : new float[length];
        in.asFloatBuffer().get(values);
        in.position(in.position() + 4 * length);
        return values;
    }
}
