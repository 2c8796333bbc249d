package dev.vecnet.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The serial form of the arrays a round ships (weights, optimizer state, gradients): each float array as its
 * length and its values as little-endian bytes, converted in bulk. Java serialisation writes a {@code float[]}
 * one value at a time through a small block buffer, which made serialising the round's input and the tasks'
 * results a large part of a round; the bulk copy is a memory copy on little-endian machines.
 *
 * <p>Stateless; allocates one byte array per array written or read.
 */
final class WireArrays {
    private WireArrays() {
    }

    /** Writes {@code values} (null allowed). */
    static void writeFloats(ObjectOutputStream out, float[] values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = new byte[Math.multiplyExact(values.length, Float.BYTES)];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        out.writeInt(values.length);
        out.write(bytes);
    }

    /** Reads an array {@link #writeFloats} wrote. */
    static float[] readFloats(ObjectInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[Math.multiplyExact(length, Float.BYTES)];
        in.readFully(bytes);
        float[] values = new float[length];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** Writes named arrays (an optimizer's state), in the map's order. */
    static void writeState(ObjectOutputStream out, Map<String, float[]> state) throws IOException {
        out.writeInt(state.size());
        for (Map.Entry<String, float[]> e : state.entrySet()) {
            out.writeUTF(e.getKey());
            writeFloats(out, e.getValue());
        }
    }

    /** Reads what {@link #writeState} wrote, in the same order. */
    static Map<String, float[]> readState(ObjectInputStream in) throws IOException {
        int size = in.readInt();
        Map<String, float[]> state = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            state.put(in.readUTF(), readFloats(in));
        }
        return state;
    }

    /** Writes counts (BatchNorm batch counts). */
    static void writeLongs(ObjectOutputStream out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    /** Reads what {@link #writeLongs} wrote. */
    static long[] readLongs(ObjectInputStream in) throws IOException {
        long[] values = new long[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }
}
