package dev.vecnet.format;

import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds plain safetensors state dicts of any dtype for tests, as a PyTorch user would save them. */
final class StateDictFiles {
    private record Entry(String dtype, long[] shape, byte[] data) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Every tensor of {@code net} in F32, each BatchNorm counter as I64 (value {@code count}). */
    static StateDictFiles of(Network net, long count) {
        StateDictFiles f = new StateDictFiles();
        float[] v = net.parameters().values();
        for (ParameterTensor p : net.parameters().tensors()) {
            long[] shape = Arrays.stream(p.shape()).asLongStream().toArray();
            f.f32(p.name(), shape, Arrays.copyOfRange(v, p.offset(), p.offset() + p.size()));
            if (p.name().endsWith(".running_var")) {
                f.i64(p.name().replace("running_var", "num_batches_tracked"), count);
            }
        }
        return f;
    }

    StateDictFiles add(String name, String dtype, long[] shape, byte[] data) {
        entries.put(name, new Entry(dtype, shape, data));
        return this;
    }

    StateDictFiles f32(String name, long[] shape, float... values) {
        ByteBuffer b = buffer(values.length * 4);
        for (float x : values) {
            b.putFloat(x);
        }
        return add(name, "F32", shape, b.array());
    }

    StateDictFiles f64(String name, long[] shape, double... values) {
        ByteBuffer b = buffer(values.length * 8);
        for (double x : values) {
            b.putDouble(x);
        }
        return add(name, "F64", shape, b.array());
    }

    /** 16-bit patterns, for F16 and BF16. */
    StateDictFiles bits16(String name, String dtype, long[] shape, int... patterns) {
        ByteBuffer b = buffer(patterns.length * 2);
        for (int x : patterns) {
            b.putShort((short) x);
        }
        return add(name, dtype, shape, b.array());
    }

    StateDictFiles i64(String name, long value) {
        return add(name, "I64", new long[0], buffer(8).putLong(value).array());
    }

    /** Replaces a tensor's values, keeping its dtype and shape (F32 only). */
    StateDictFiles set(String name, int index, float value) {
        ByteBuffer.wrap(entries.get(name).data()).order(ByteOrder.LITTLE_ENDIAN).putFloat(index * 4, value);
        return this;
    }

    StateDictFiles remove(String name) {
        entries.remove(name);
        return this;
    }

    StateDictFiles rename(String from, String to) {
        Map<String, Entry> copy = new LinkedHashMap<>(entries);
        entries.clear();
        copy.forEach((k, e) -> entries.put(k.equals(from) ? to : k, e));
        return this;
    }

    byte[] bytes() {
        StringBuilder json = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry t = e.getValue();
            json.append(json.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"")
                    .append(t.dtype()).append("\",\"shape\":[")
                    .append(Arrays.stream(t.shape()).mapToObj(Long::toString).collect(Collectors.joining(",")))
                    .append("],\"data_offsets\":[").append(offset).append(',').append(offset + t.data().length).append("]}");
            offset += t.data().length;
        }
        json.append('}');
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(buffer(8).putLong(header.length).array());
        out.writeBytes(header);
        entries.values().forEach(t -> out.writeBytes(t.data()));
        return out.toByteArray();
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
