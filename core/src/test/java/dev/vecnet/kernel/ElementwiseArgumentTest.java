package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Argument validation of {@link Elementwise}: every bad argument raises IllegalArgumentException whose
 * message starts with the argument's name and gives the value, and no output has changed afterwards.
 */
class ElementwiseArgumentTest {
    private static final int N = 10;

    private final float[] a = filled(N, 1f);
    private final float[] b = filled(N, 2f);
    private final float[] out = filled(N, 3f);
    private final float[] out2 = filled(N, 4f);
    private final float[] out3 = filled(N, 5f);
    private final float[] shortArray = filled(N - 1, 6f);

    private static float[] filled(int n, float v) {
        float[] x = new float[n];
        Arrays.fill(x, v);
        return x;
    }

    /** The call throws, the message starts with {@code name} (and contains {@code value} if given), outputs are unchanged. */
    private static void rejects(String name, String value, Executable call, float[]... outputs) {
        float[][] before = new float[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            before[i] = outputs[i].clone();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, name);
        assertTrue(e.getMessage().startsWith(name), "message should start with '" + name + "': " + e.getMessage());
        if (value != null) {
            assertTrue(e.getMessage().contains(value), "message should contain '" + value + "': " + e.getMessage());
        }
        for (int i = 0; i < outputs.length; i++) {
            assertArrayEquals(before[i], outputs[i], "output " + i + " changed although " + name + " was rejected");
        }
    }

    @Test
    void activationsCheckSizesArraysAndOffsets() {
        rejects("n", "-1", () -> Elementwise.relu(-1, a, 0, out, 0), out);
        rejects("x", null, () -> Elementwise.relu(N, null, 0, out, 0), out);
        rejects("x", null, () -> Elementwise.relu(0, null, 0, out, 0), out);
        rejects("xOff", "-1", () -> Elementwise.relu(N, a, -1, out, 0), out);
        rejects("x", "11", () -> Elementwise.relu(N, a, 1, out, 0), out);
        rejects("y", "9", () -> Elementwise.relu(N, a, 0, shortArray, 0), shortArray);
        rejects("yOff", "-2", () -> Elementwise.relu(N, a, 0, out, -2), out);
        rejects("dy", null, () -> Elementwise.reluBackward(N, a, 0, null, 0, out, 0), out);
        rejects("dyOff", "-1", () -> Elementwise.reluBackward(N, a, 0, b, -1, out, 0), out);
        rejects("dx", null, () -> Elementwise.reluBackward(N, a, 0, b, 0, shortArray, 0), shortArray);
        rejects("x", null, () -> Elementwise.leakyRelu(N, 0.1f, shortArray, 0, out, 0), out);
        rejects("dxOff", "-1", () -> Elementwise.leakyReluBackward(N, 0.1f, a, 0, b, 0, out, -1), out);
        rejects("y", null, () -> Elementwise.elu(N, 1f, a, 0, null, 0));
        rejects("y", null, () -> Elementwise.eluBackward(N, 1f, a, 0, shortArray, 0, b, 0, out, 0), out);
        rejects("dy", null, () -> Elementwise.eluBackward(N, 1f, a, 0, b, 0, null, 0, out, 0), out);
        rejects("x", null, () -> Elementwise.sigmoid(N, a, 3, out, 0), out);
        rejects("y", null, () -> Elementwise.sigmoidBackward(N, null, 0, b, 0, out, 0), out);
        rejects("yOff", "-1", () -> Elementwise.tanh(N, a, 0, out, -1), out);
        rejects("dy", null, () -> Elementwise.tanhBackward(N, a, 0, shortArray, 0, out, 0), out);
        rejects("n", "-5", () -> Elementwise.exp(-5, a, 0, out, 0), out);
        rejects("z", null, () -> Elementwise.multiply(N, a, 0, b, 0, shortArray, 0), shortArray);
        rejects("x", null, () -> Elementwise.scale(N, 2f, null, 0));
        rejects("xOff", "-1", () -> Elementwise.scale(N, 2f, out, -1), out);
        rejects("y", null, () -> Elementwise.axpy(N, 2f, a, 0, shortArray, 0), shortArray);
        rejects("x", null, () -> Elementwise.sumOfSquares(N, shortArray, 0));
        rejects("y", null, () -> Elementwise.sumOfSquaresAxpy(N, 2f, a, 0, shortArray, 0), shortArray);
        rejects("n", "-1", () -> Elementwise.sumOfSquaresAxpy(-1, 2f, a, 0, out, 0), out);
    }

    @Test
    void dropoutChecksProbability() {
        for (float p : new float[] {1f, -0.1f, Float.NaN, 1.5f}) {
            rejects("p", String.valueOf(p), () -> Elementwise.dropout(N, p, 1L, 0L, a, 0, out, 0, out2, 0), out, out2);
        }
        rejects("mask", null, () -> Elementwise.dropout(N, 0.5f, 1L, 0L, a, 0, shortArray, 0, out2, 0),
                shortArray, out2);
        rejects("maskOff", "-1", () -> Elementwise.dropout(N, 0.5f, 1L, 0L, a, 0, out, -1, out2, 0), out, out2);
        rejects("y", null, () -> Elementwise.dropout(N, 0.5f, 1L, 0L, a, 0, out, 0, shortArray, 0), out, shortArray);
    }

    @Test
    void matrixKernelsCheckShapes() {
        // 2 x 5 matrices with leading dimension 5 fit the arrays of 10.
        rejects("rows", "-1", () -> Elementwise.prelu(-1, 5, a, 0, 5, b, 0, true, out, 0, 5), out);
        rejects("cols", "-1", () -> Elementwise.prelu(2, -1, a, 0, 5, b, 0, true, out, 0, 5), out);
        rejects("ldx", "4", () -> Elementwise.prelu(2, 5, a, 0, 4, b, 0, true, out, 0, 5), out);
        rejects("x", "11", () -> Elementwise.prelu(2, 5, a, 1, 5, b, 0, true, out, 0, 5), out);
        rejects("slopes", "11", () -> Elementwise.prelu(2, 5, a, 0, 5, b, 6, true, out, 0, 5), out);
        rejects("slopes", null, () -> Elementwise.prelu(2, 5, a, 0, 5, b, 10, false, out, 0, 5), out);
        rejects("sOff", "-1", () -> Elementwise.prelu(2, 5, a, 0, 5, b, -1, false, out, 0, 5), out);
        rejects("ldy", "3", () -> Elementwise.prelu(2, 5, a, 0, 5, b, 0, true, out, 0, 3), out);
        rejects("y", null, () -> Elementwise.prelu(2, 5, a, 0, 5, b, 0, true, shortArray, 0, 5), shortArray);
        rejects("lddy", "2", () -> Elementwise.preluBackward(2, 5, a, 0, 5, b, 0, true, b, 0, 2, out, 0, 5, out2, 0),
                out, out2);
        rejects("dx", null, () -> Elementwise.preluBackward(2, 5, a, 0, 5, b, 0, true, b, 0, 5, null, 0, 5, out2, 0),
                out2);
        rejects("dSlopes", null, () -> Elementwise.preluBackward(2, 5, a, 0, 5, b, 0, true, b, 0, 5, out, 0, 5,
                out2, 6), out, out2);
        rejects("dsOff", "-1", () -> Elementwise.preluBackward(2, 5, a, 0, 5, b, 0, false, b, 0, 5, out, 0, 5,
                out2, -1), out, out2);

        rejects("ldx", "2", () -> Elementwise.softmaxRows(2, 5, a, 0, 2, out, 0, 5), out);
        rejects("y", null, () -> Elementwise.softmaxRows(2, 5, a, 0, 5, shortArray, 0, 5), shortArray);
        rejects("x", null, () -> Elementwise.logSoftmaxRows(2, 5, null, 0, 5, out, 0, 5), out);
        rejects("yOff", "-1", () -> Elementwise.logSoftmaxRows(2, 5, a, 0, 5, out, -1, 5), out);

        rejects("sums", null, () -> Elementwise.columnSums(2, 5, a, 0, 5, out, 6), out);
        rejects("sumsOff", "-1", () -> Elementwise.columnSums(2, 5, a, 0, 5, out, -1), out);
        rejects("rows", "0", () -> Elementwise.columnMeanVariance(0, 5, a, 0, 5, out, 0, out2, 0), out, out2);
        rejects("mean", null, () -> Elementwise.columnMeanVariance(2, 5, a, 0, 5, out, 7, out2, 0), out, out2);
        rejects("varOff", "-1", () -> Elementwise.columnMeanVariance(2, 5, a, 0, 5, out, 0, out2, -1), out, out2);

        // transpose: 2 x 5 into 5 x 2.
        rejects("rows", "-1", () -> Elementwise.transpose(-1, 5, a, 0, 5, out, 0, 2), out);
        rejects("ldSrc", "4", () -> Elementwise.transpose(2, 5, a, 0, 4, out, 0, 2), out);
        rejects("src", "11", () -> Elementwise.transpose(2, 5, a, 1, 5, out, 0, 2), out);
        rejects("ldDst", "1", () -> Elementwise.transpose(2, 5, a, 0, 5, out, 0, 1), out);
        rejects("dstOff", "-1", () -> Elementwise.transpose(2, 5, a, 0, 5, out, -1, 2), out);
        rejects("dst", null, () -> Elementwise.transpose(2, 5, a, 0, 5, shortArray, 0, 2), shortArray);
        rejects("src and dst", null, () -> Elementwise.transpose(1, 1, out, 0, 1, out, 5, 1), out);
    }

    @Test
    void batchNormChecksEveryArray() {
        float[] c = filled(5, 1f);
        rejects("mean", null, () -> Elementwise.batchNormForward(2, 5, a, 0, 5, null, 0, c, 0, c, 0, c, 0, out, 0, 5,
                out2, 0, 5), out, out2);
        rejects("invStd", null, () -> Elementwise.batchNormForward(2, 5, a, 0, 5, c, 0, c, 1, c, 0, c, 0, out, 0, 5,
                out2, 0, 5), out, out2);
        rejects("gamma", null, () -> Elementwise.batchNormForward(2, 5, a, 0, 5, c, 0, c, 0, null, 0, c, 0, out, 0, 5,
                out2, 0, 5), out, out2);
        rejects("gOff", "-1", () -> Elementwise.batchNormForward(2, 5, a, 0, 5, c, 0, c, 0, c, -1, c, 0, out, 0, 5,
                out2, 0, 5), out, out2);
        rejects("beta", null, () -> Elementwise.batchNormForward(2, 5, a, 0, 5, c, 0, c, 0, c, 0, c, 2, out, 0, 5,
                out2, 0, 5), out, out2);
        rejects("bOff", "-1", () -> Elementwise.batchNormForward(2, 5, a, 0, 5, c, 0, c, 0, c, 0, c, -1, out, 0, 5,
                out2, 0, 5), out, out2);
        rejects("xhat", null, () -> Elementwise.batchNormForward(2, 5, a, 0, 5, c, 0, c, 0, c, 0, c, 0, shortArray, 0, 5,
                out2, 0, 5), shortArray, out2);
        rejects("ldxhat", "1", () -> Elementwise.batchNormForward(2, 5, a, 0, 5, c, 0, c, 0, c, 0, c, 0, out, 0, 1,
                out2, 0, 5), out, out2);
        rejects("y", null, () -> Elementwise.batchNormForward(2, 5, a, 0, 5, c, 0, c, 0, c, 0, c, 0, null, 0, 0,
                shortArray, 0, 5), shortArray);

        rejects("xhat", null, () -> Elementwise.batchNormBackward(2, 5, a, 0, 5, null, 0, 5, c, 0, c, 0, out, 0, 5,
                out2, 0, out3, 0), out, out2, out3);
        rejects("lddx", "4", () -> Elementwise.batchNormBackward(2, 5, a, 0, 5, b, 0, 5, c, 0, c, 0, out, 0, 4,
                out2, 0, out3, 0), out, out2, out3);
        rejects("dGamma", null, () -> Elementwise.batchNormBackward(2, 5, a, 0, 5, b, 0, 5, c, 0, c, 0, out, 0, 5,
                out2, 6, out3, 0), out, out2, out3);
        rejects("dgOff", "-1", () -> Elementwise.batchNormBackward(2, 5, a, 0, 5, b, 0, 5, c, 0, c, 0, out, 0, 5,
                out2, -1, out3, 0), out, out2, out3);
        rejects("dBeta", null, () -> Elementwise.batchNormBackward(2, 5, a, 0, 5, b, 0, 5, c, 0, c, 0, out, 0, 5,
                out2, 0, null, 0), out, out2);
        rejects("dbOff", "-1", () -> Elementwise.batchNormBackward(2, 5, a, 0, 5, b, 0, 5, c, 0, c, 0, out, 0, 5,
                out2, 0, out3, -1), out, out2, out3);
    }

    @Test
    void maxoutChecksShapesAndWinners() {
        int[] argmax = new int[5];
        rejects("pieces", "0", () -> Elementwise.maxout(1, 5, 0, a, 0, 10, out, 0, 5, argmax, 0), out);
        rejects("units", "-1", () -> Elementwise.maxout(1, -1, 2, a, 0, 10, out, 0, 5, argmax, 0), out);
        rejects("units * pieces", "2147483648",
                () -> Elementwise.maxout(1, 1 << 16, 1 << 15, a, 0, 10, out, 0, 5, argmax, 0), out);
        rejects("x", null, () -> Elementwise.maxout(1, 5, 3, a, 0, 15, out, 0, 5, argmax, 0), out);
        rejects("ldy", "4", () -> Elementwise.maxout(1, 5, 2, a, 0, 10, out, 0, 4, argmax, 0), out);
        rejects("argmax", null, () -> Elementwise.maxout(1, 5, 2, a, 0, 10, out, 0, 5, argmax, 1), out);
        rejects("argOff", "-1", () -> Elementwise.maxout(1, 5, 2, a, 0, 10, out, 0, 5, argmax, -1), out);
        rejects("argmax", null, () -> Elementwise.maxout(1, 5, 2, a, 0, 10, out, 0, 5, null, 0), out);

        int[] winners = {0, 1, 1, 0, 2};
        rejects("argmax[4]", "2", () -> Elementwise.maxoutBackward(1, 5, 2, winners, 0, b, 0, 5, out, 0, 10), out);
        int[] negative = {0, -1, 1, 0, 1};
        rejects("argmax[1]", "-1", () -> Elementwise.maxoutBackward(1, 5, 2, negative, 0, b, 0, 5, out, 0, 10), out);
        int[] good = {0, 1, 1, 0, 1};
        rejects("ldy", "3", () -> Elementwise.maxoutBackward(1, 5, 2, good, 0, b, 0, 3, out, 0, 10), out);
        rejects("ldx", "9", () -> Elementwise.maxoutBackward(1, 5, 2, good, 0, b, 0, 5, out, 0, 9), out);
        rejects("dxOff", "-1", () -> Elementwise.maxoutBackward(1, 5, 2, good, 0, b, 0, 5, out, -1, 10), out);
        rejects("dy", null, () -> Elementwise.maxoutBackward(1, 5, 2, good, 0, null, 0, 5, out, 0, 10), out);
    }

    @Test
    void emptyCallsAreValid() {
        float[] empty = new float[0];
        Elementwise.relu(0, empty, 0, empty, 0);
        Elementwise.softmaxRows(0, 3, empty, 0, 3, empty, 0, 3);
        Elementwise.columnSums(0, 2, empty, 0, 2, out, 0);
        assertArrayEquals(new float[] {0f, 0f}, Arrays.copyOf(out, 2));
        Elementwise.maxout(0, 4, 2, empty, 0, 8, empty, 0, 4, new int[0], 0);
        Elementwise.dropout(0, 0.5f, 1L, 2L, empty, 0, empty, 0, empty, 0);
    }
}
