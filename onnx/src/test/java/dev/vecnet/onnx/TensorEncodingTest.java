package dev.vecnet.onnx;

import com.google.protobuf.ByteString;
import dev.vecnet.format.LoadedModel;
import dev.vecnet.onnx.proto.OnnxProtos.TensorProto;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every stored form of a float initializer gives the same network: DOUBLE in raw_data and in double_data (the
 * golden weights are floats, so the doubles hold them exactly), FLOAT16 as 16-bit patterns in int32_data; and
 * the binary16 decoding is exact, subnormals and specials included.
 */
class TensorEncodingTest {

    private static void assertMatchesGolden(String golden, Consumer<TensorProto.Builder> reencode) throws IOException {
        byte[] bytes = Mutations.mutate(golden, m -> m.getGraphBuilder().getInitializerBuilderList().forEach(reencode));
        LoadedModel model = OnnxImporter.readModel(bytes);
        Golden.Io io = Golden.io(golden);
        float[] actual = new float[io.output().length];
        model.predictor(io.batch()).predictProbabilities(io.input(), 0, io.batch(), actual, 0);
        Golden.assertClose(io.output(), actual, golden);
    }

    private static float[] rawFloats(TensorProto.Builder tensor) {
        ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(values);
        return values;
    }

    @Test
    void doubleInitializersInRawData() throws IOException {
        assertMatchesGolden("gemm_relu_softmax", tensor -> {
            float[] values = rawFloats(tensor);
            ByteBuffer doubles = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                doubles.putDouble(v);
            }
            tensor.setDataType(TensorProto.DataType.DOUBLE_VALUE).setRawData(ByteString.copyFrom(doubles.array()));
        });
    }

    @Test
    void doubleInitializersInDoubleData() throws IOException {
        assertMatchesGolden("gemm_relu_softmax", tensor -> {
            float[] values = rawFloats(tensor);
            tensor.setDataType(TensorProto.DataType.DOUBLE_VALUE).clearRawData();
            for (float v : values) {
                tensor.addDoubleData(v);
            }
        });
    }

    @Test
    void halfInitializersInInt32Data() throws IOException {
        assertMatchesGolden("gemm_float16", tensor -> {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            tensor.clearRawData();
            while (raw.hasRemaining()) {
                tensor.addInt32Data(raw.getShort() & 0xffff);
            }
        });
    }

    @Test
    void halfPrecisionDecodesExactly() {
        assertEquals(1f, ConstantTensor.halfToFloat(0x3c00));
        assertEquals(-2f, ConstantTensor.halfToFloat(0xc000));
        assertEquals(65504f, ConstantTensor.halfToFloat(0x7bff));
        assertEquals(0x1p-14f, ConstantTensor.halfToFloat(0x0400), "smallest normal");
        assertEquals(0x1p-24f, ConstantTensor.halfToFloat(0x0001), "smallest subnormal");
        assertEquals(-0x3ffp-24f, ConstantTensor.halfToFloat(0x83ff), "largest subnormal, negative");
        assertEquals(Float.POSITIVE_INFINITY, ConstantTensor.halfToFloat(0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, ConstantTensor.halfToFloat(0xfc00));
        assertTrue(Float.isNaN(ConstantTensor.halfToFloat(0x7e00)));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(ConstantTensor.halfToFloat(0x8000)));
        assertEquals(0.333251953125f, ConstantTensor.halfToFloat(0x3555), "1/3 rounded to binary16");
    }
}
