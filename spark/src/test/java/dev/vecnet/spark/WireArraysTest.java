package dev.vecnet.spark;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What a round ships survives Java serialisation through its bulk serial form, bit for bit and in order. */
class WireArraysTest {

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void roundInputsAndResultsKeepEveryBitAndTheStateOrder() throws Exception {
        float[] odd = {1.5f, -0f, Float.NaN, Float.intBitsToFloat(0x7fc00001), Float.MIN_VALUE, Float.NEGATIVE_INFINITY};
        Map<String, float[]> state = new LinkedHashMap<>();
        state.put("1.v", new float[] {3, 4});
        state.put("0.m", new float[] {1, 2});
        RoundInput input = roundTrip(new RoundInput(odd, new long[] {7, 9}, state, 12, 0.25f, null));
        assertArrayEquals(floatBits(odd), floatBits(input.parameters()));
        assertArrayEquals(new long[] {7, 9}, input.batchesTracked());
        assertEquals(List.of("1.v", "0.m"), List.copyOf(input.optimizerState().keySet()));
        assertArrayEquals(new float[] {1, 2}, input.optimizerState().get("0.m"));
        assertEquals(12, input.optimizerSteps());
        assertEquals(0.25f, input.learningRate());
        assertNull(input.rates());

        PartitionResult result = roundTrip(new PartitionResult(64, 12.5, odd, new long[0], Map.of(), 3));
        assertEquals(64, result.examples());
        assertEquals(12.5, result.lossSum());
        assertArrayEquals(floatBits(odd), floatBits(result.values()));
        assertEquals(0, result.batchesTracked().length);
        assertEquals(3, result.optimizerSteps());
        assertArrayEquals(new float[] {0.5f}, roundTrip(new RoundInput(odd, new long[0], Map.of(), 0, 0, new float[] {0.5f}))
                .rates());
    }

    private static int[] floatBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
