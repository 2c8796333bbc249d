package dev.vecnet.format;

import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * State dicts that PyTorch saved ({@code tools/make_state_dict_golden.py}: plain {@code state_dict()}s without
 * vecnet metadata) load into the vecnet networks of the same architecture and give PyTorch's eval-mode outputs;
 * F64, F16 and BF16 values convert to float32 exactly as PyTorch's {@code .float()} converts them.
 */
class StateDictGoldenTest {
    private static final double RTOL = 1e-5;
    /** Absolute floor for outputs near zero, where a relative bound means nothing: float32's rounding of sums. */
    private static final double ATOL = 1e-6;

    static Network mlpRelu() {
        return Network.builder(6).dense(10).relu().dense(8).relu().dense(4).build();
    }

    static Network bnPreluElu() {
        return Network.builder(5).dense(8).batchNorm().prelu(false).dense(7).prelu(true).dense(6).elu(0.7f).dense(3).build();
    }

    static Network customFcBn() {
        return Network.builder(5).dense(8).relu().batchNorm().dense(3).build();
    }

    @Test
    void sequentialWithReluMatchesPyTorch() throws IOException {
        Network net = mlpRelu();
        ModelFile.loadStateDict(GoldenIo.DIR.resolve("mlp_relu.safetensors"), net);
        assertOutputs(GoldenIo.read("mlp_relu"), net);
    }

    @Test
    void batchNormPreluEluMatchesPyTorchWithItsRunningStatistics() throws IOException {
        Network net = bnPreluElu();
        ModelFile.loadStateDict(GoldenIo.DIR.resolve("bn_prelu_elu.safetensors"), net);
        assertArrayEquals(new long[] {5}, net.batchesTracked(), "five training-mode batches in the script");
        assertOutputs(GoldenIo.read("bn_prelu_elu"), net);
    }

    /** The values are PyTorch's float32 conversion bit for bit; the outputs match the model in that dtype. */
    @ParameterizedTest
    @ValueSource(strings = {"bn_prelu_elu_f64", "bn_prelu_elu_f16", "bn_prelu_elu_bf16"})
    void otherFloatDtypesConvertAsPyTorchDoes(String name) throws IOException {
        Network net = bnPreluElu();
        ModelFile.loadStateDict(GoldenIo.DIR.resolve(name + ".safetensors"), net);
        GoldenIo io = GoldenIo.read(name);
        float[] values = net.parameters().values();
        for (ParameterTensor p : net.parameters().tensors()) {
            float[] expected = io.get("param." + p.name());
            float[] actual = Arrays.copyOfRange(values, p.offset(), p.offset() + p.size());
            assertArrayEquals(expected, actual, name + " " + p.name());
        }
        assertArrayEquals(new long[] {5}, net.batchesTracked());
        assertOutputs(io, net);
    }

    @Test
    void customModuleLoadsThroughModuleNames() throws IOException {
        Network net = customFcBn();
        ModelFile.loadStateDict(GoldenIo.DIR.resolve("custom_fc_bn.safetensors"), net,
                StateDictOptions.defaults().withModuleNames(Map.of("fc1", "0", "bn1", "2", "fc2", "3")));
        assertOutputs(GoldenIo.read("custom_fc_bn"), net);
    }

    @Test
    void customModuleWithoutNamesListsEveryMissingAndUnexpectedTensor() throws IOException {
        Network net = customFcBn();
        float[] before = net.parameters().values().clone();
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.loadStateDict(GoldenIo.DIR.resolve("custom_fc_bn.safetensors"), net));
        assertEquals("state dict does not match the network's tensor names: missing 9 tensors: 0.bias, 0.weight, "
                + "2.bias, 2.num_batches_tracked, 2.running_mean, 2.running_var, 2.weight, 3.bias, 3.weight; "
                + "unexpected 9 tensors: 'bn1.bias', 'bn1.num_batches_tracked', 'bn1.running_mean', 'bn1.running_var', "
                + "'bn1.weight', 'fc1.bias', 'fc1.weight', 'fc2.bias', 'fc2.weight'", e.getMessage());
        assertArrayEquals(before, net.parameters().values());
    }

    /** Edge values of each dtype (zeros, subnormals, extremes, infinities, NaN, ties) against PyTorch. */
    @Test
    void edgeValuesConvertAsPyTorchConvertsThem() throws IOException {
        SafetensorsFile st = SafetensorsReader.parse(Files.readAllBytes(GoldenIo.DIR.resolve("half_values.safetensors")));
        for (String dtype : new String[] {"f16", "bf16", "f64"}) {
            SafetensorsFile.Tensor source = st.tensors().get(dtype);
            SafetensorsFile.Tensor torch = st.tensors().get(dtype + "_as_f32");
            float[] expected = new float[(int) torch.elements()];
            st.readF32(torch, expected, 0);
            float[] actual = new float[expected.length];
            TensorConversion.toFloat32(st, source, actual, 0);
            for (int i = 0; i < expected.length; i++) {
                // NaN payloads: PyTorch quiets a signalling NaN when it converts, so only NaN-ness is compared
                if (Float.isNaN(expected[i]) ? !Float.isNaN(actual[i])
                        : Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                    fail(String.format(Locale.ROOT, "%s element %d: PyTorch %s, vecnet %s", dtype, i, expected[i],
                            actual[i]));
                }
            }
        }
    }

    /** Every binary16 pattern against its value computed in double from IEEE 754's definition. */
    @Test
    void everyHalfPatternHasItsIeeeValue() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            int exponent = (bits >> 10) & 0x1F;
            int mantissa = bits & 0x3FF;
            double sign = (bits & 0x8000) != 0 ? -1 : 1;
            float actual = TensorConversion.halfToFloat(bits);
            if (exponent == 0x1F) {
                assertEquals(mantissa == 0, Float.isInfinite(actual), "pattern " + bits);
                assertEquals(mantissa != 0, Float.isNaN(actual), "pattern " + bits);
                continue;
            }
            double value = exponent == 0 ? sign * Math.scalb((double) mantissa, -24)
                    : sign * Math.scalb(1024.0 + mantissa, exponent - 25);
            assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(actual), "pattern " + bits);
        }
    }

    /** IEEE round to nearest, ties to even, from float64 to float32, on values worked out by hand. */
    @Test
    void doublesRoundToNearestEven() throws ModelFormatException {
        double ulpAtOne = Math.scalb(1.0, -23);
        StateDictFiles f = new StateDictFiles().f64("x", new long[] {6}, 1 + ulpAtOne / 2, 1 + 1.5 * ulpAtOne,
                1 + ulpAtOne / 2 + Math.scalb(1.0, -40), Math.scalb(1.0, -150), Math.scalb(1.0, -150) * 1.01,
                (double) Float.MAX_VALUE + Math.ulp(Float.MAX_VALUE) / 2);
        byte[] file = f.bytes();
        SafetensorsFile st = SafetensorsReader.parse(file);
        float[] out = new float[6];
        TensorConversion.toFloat32(st, st.tensors().get("x"), out, 0);
        assertArrayEquals(new float[] {1f, 1 + 2 * (float) ulpAtOne, 1 + (float) ulpAtOne, 0f, Float.MIN_VALUE,
            Float.POSITIVE_INFINITY}, out);
    }

    private static void assertOutputs(GoldenIo io, Network net) {
        float[] y = net.newInferenceContext(io.batch()).forward(io.get("input"), 0, io.batch());
        float[] expected = io.get("output");
        assertEquals(io.batch() * net.outputSize(), expected.length);
        for (int i = 0; i < expected.length; i++) {
            double tol = RTOL * Math.abs(expected[i]) + ATOL;
            int k = i;
            assertTrue(Math.abs(expected[i] - y[i]) <= tol,
                    () -> String.format(Locale.ROOT, "output %d: PyTorch %s, vecnet %s", k, expected[k], y[k]));
        }
    }
}
