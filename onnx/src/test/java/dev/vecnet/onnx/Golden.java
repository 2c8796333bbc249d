package dev.vecnet.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The golden files of tools/make_onnx_golden.py (ONNX graphs exported by PyTorch, with inputs and PyTorch's
 * outputs), and the tolerance every comparison with PyTorch or ONNX Runtime uses.
 */
final class Golden {
    static final Path DIR = Path.of("src", "test", "resources", "golden", "onnx");
    /** Every golden model, as the script names them. */
    static final String[] NAMES = {"gemm_relu_softmax", "gemm_float_data", "gemm_float16", "batchnorm_activations",
        "matmul_add", "flatten", "reshape_logsoftmax", "identity_tanh"};
    static final double RTOL = 1e-5;
    static final double ATOL = 1e-6;

    /**
     * One golden's inputs and outputs.
     *
     * @param batch  examples
     * @param input  {@code [batch][features]}, row-major
     * @param output PyTorch's outputs {@code [batch][outputs]}
     */
    record Io(int batch, float[] input, float[] output) {
    }

    private Golden() {
    }

    static byte[] model(String name) throws IOException {
        return Files.readAllBytes(DIR.resolve(name + ".onnx"));
    }

    static Io io(String name) throws IOException {
        Map<String, float[]> lines = new HashMap<>();
        int batch = 0;
        for (String line : Files.readAllLines(DIR.resolve(name + "_io.txt"))) {
            String[] fields = line.trim().split(" ");
            if (fields[0].equals("batch")) {
                batch = Integer.parseInt(fields[1]);
            } else if (fields[0].equals("input") || fields[0].equals("output")) {
                int count = Integer.parseInt(fields[1]);
                float[] values = new float[count];
                for (int i = 0; i < count; i++) {
                    values[i] = Float.parseFloat(fields[i + 2]);
                }
                lines.put(fields[0], values);
            }
        }
        return new Io(batch, lines.get("input"), lines.get("output"));
    }

    /** Asserts {@code |expected - actual| <= RTOL * |expected| + ATOL} elementwise. */
    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tolerance = RTOL * Math.abs(expected[i]) + ATOL;
            int index = i;
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance, () -> what + ": element " + index
                    + " expected " + expected[index] + " was " + actual[index] + "\nexpected " + Arrays.toString(expected)
                    + "\nactual   " + Arrays.toString(actual));
        }
    }
}
