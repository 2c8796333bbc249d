package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every form of a dense layer's training forward (tiny products with {@code W} read in place, the
 * transposed {@code Y^T = W X^T}, the packed {@code W^T}; the cases below cover each, with ReLU, leaky
 * ReLU and no activation) gives the same bits as its evaluation forward (packed {@code W^T}, bias and
 * activation in the epilogue), and the lazily repacked {@code W^T} follows parameter changes.
 */
class DenseForwardFormsTest {

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    private static Network network(int in, int out, String activation, int maxBatch) {
        Network.Builder b = Network.builder(in).dense(out);
        if (activation.equals("relu")) {
            b.relu();
        } else if (activation.equals("leaky")) {
            b.leakyRelu(0.1f);
        }
        Network net = b.dense(3).seed(in * 31L + out).maxBatch(maxBatch).build();
        float[] w = net.parameters().values();
        float[] noise = random(w.length, 5);
        for (int i = 0; i < w.length; i++) {
            w[i] += 0.1f * noise[i];    // non-zero biases
        }
        net.parametersChanged();
        return net;
    }

    @ParameterizedTest
    @CsvSource({"20, 40, relu, 7", "20, 40, leaky, 33", "20, 40, none, 1", "300, 70, relu, 64",
            "300, 70, relu, 5", "9, 5, relu, 13", "700, 300, relu, 16", "40, 60, leaky, 3",
            "40, 60, none, 3"})
    void trainingAndEvaluationForwardsAgreeBitForBit(int in, int out, String activation, int batch) {
        Network net = network(in, out, activation, 64);
        float[] x = random(batch * in, 7);
        int[] labels = new int[batch];
        float[] scores = net.newTrainingContext(64, false).forwardBackward(x, 0, batch, labels, null).scores();
        float[] training = Arrays.copyOf(scores, batch * 3);
        float[] evaluation = Arrays.copyOf(net.newInferenceContext(64).forward(x, 0, batch), batch * 3);
        assertArrayEquals(evaluation, training);
    }

    @ParameterizedTest
    @CsvSource({"20, 40", "300, 70"})
    void evaluationSeesChangedParameters(int in, int out) {
        Network net = network(in, out, "relu", 8);
        InferenceContext ctx = net.newInferenceContext(8);
        float[] x = random(8 * in, 9);
        float[] before = ctx.forward(x, 0, 8).clone();
        float[] w = net.parameters().values();
        ParameterTensor first = net.parameters().tensor("0.weight");
        for (int i = first.offset(); i < first.offset() + first.size(); i++) {
            w[i] *= -1f;
        }
        net.parametersChanged();
        float[] after = Arrays.copyOf(ctx.forward(x, 0, 8), 8 * 3);
        assertFalse(Arrays.equals(Arrays.copyOf(before, 8 * 3), after), "evaluation used the stale pack");
        int[] labels = new int[8];
        float[] scores = net.newTrainingContext(8, false).forwardBackward(x, 0, 8, labels, null).scores();
        assertArrayEquals(Arrays.copyOf(scores, 8 * 3), after);
    }
}
