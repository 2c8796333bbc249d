package dev.vecnet.spark;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The bytes the tasks of a barrier job exchange give back every field, bit for bit. */
class ResultCodecTest {
    @Test
    void aResultComesBackWithEveryBitAndTheStateInOrder() {
        Map<String, float[]> state = new LinkedHashMap<>();
        state.put("0.weight/v", new float[] {Float.MIN_VALUE, -0f});
        state.put("0.weight/m", new float[] {Float.NaN, Float.NEGATIVE_INFINITY, 3f});
        PartitionResult result = new PartitionResult(17, 2.5e-300, new float[] {1.5f, -0f, Float.intBitsToFloat(0x7fc00001)},
                new long[] {Long.MAX_VALUE, 3}, state, 41);
        ResultCodec codec = new ResultCodec();
        PartitionResult back = ResultCodec.decode(codec.encode(result));

        assertEquals(17, back.examples());
        assertEquals(2.5e-300, back.lossSum());
        assertEquals(Float.floatToRawIntBits(result.values()[2]), Float.floatToRawIntBits(back.values()[2]));
        assertArrayEquals(result.values(), back.values());
        assertArrayEquals(result.batchesTracked(), back.batchesTracked());
        assertEquals(List.copyOf(state.keySet()), List.copyOf(back.optimizerState().keySet()));
        assertArrayEquals(state.get("0.weight/m"), back.optimizerState().get("0.weight/m"));
        assertArrayEquals(state.get("0.weight/v"), back.optimizerState().get("0.weight/v"));
        assertEquals(41, back.optimizerSteps());
    }

    @Test
    void theBufferIsReusedAndGrownAndNullValuesSurvive() {
        ResultCodec codec = new ResultCodec();
        ByteBuffer large = codec.encode(new PartitionResult(1, 1, new float[1000], new long[0], Map.of(), 0));
        ByteBuffer small = codec.encode(new PartitionResult(2, 0.5, null, new long[0], Map.of(), 0));
        assertSame(large, small);
        PartitionResult back = ResultCodec.decode(small);
        assertNull(back.values());
        assertEquals(2, back.examples());
    }
}
