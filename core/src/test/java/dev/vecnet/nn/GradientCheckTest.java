package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applies {@link GradientCheck} to every layer, activation and loss. Float32 networks with the default
 * step 1e-2 agree with centred differences to about 1e-4..1e-3 relative; 2e-2 leaves room for the
 * curvature of sigmoid/tanh/ELU while a wrong gradient (a missing term, a transposed product) shows up
 * as errors of order 1. Inputs are drawn so that pre-activations sit away from the ReLU kinks.
 */
class GradientCheckTest {
    private static final double TOLERANCE = 2e-2;

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("dense + fused relu, CE", (UnaryOperator<Network.Builder>) b -> b.dense(6).relu().dense(3)),
                Arguments.of("dense + relu unfused", (UnaryOperator<Network.Builder>) b -> b.fuse(false).dense(6).relu().dense(3)),
                Arguments.of("leaky relu fused", (UnaryOperator<Network.Builder>) b -> b.dense(6).leakyRelu(0.1f).dense(3)),
                Arguments.of("sigmoid", (UnaryOperator<Network.Builder>) b -> b.dense(6).sigmoid().dense(3)),
                Arguments.of("tanh", (UnaryOperator<Network.Builder>) b -> b.dense(6).tanh().dense(3)),
                Arguments.of("elu", (UnaryOperator<Network.Builder>) b -> b.dense(6).elu(0.7f).dense(3)),
                Arguments.of("prelu shared", (UnaryOperator<Network.Builder>) b -> b.dense(6).prelu().dense(3)),
                Arguments.of("prelu per feature", (UnaryOperator<Network.Builder>) b -> b.dense(6).prelu(true).dense(3)),
                Arguments.of("maxout", (UnaryOperator<Network.Builder>) b -> b.maxout(5, 3).dense(3)),
                Arguments.of("batchnorm training", (UnaryOperator<Network.Builder>) b -> b.dense(6).batchNorm().tanh().dense(3)),
                Arguments.of("dropout fixed mask", (UnaryOperator<Network.Builder>) b -> b.dense(8).tanh().dropout(0.4f).dense(3)),
                Arguments.of("l2", (UnaryOperator<Network.Builder>) b -> b.l2(0.3f).dense(6).tanh().dense(3)),
                Arguments.of("hinge loss", (UnaryOperator<Network.Builder>) b -> b.loss(Loss.multiclassHinge()).dense(6).tanh().dense(3)),
                Arguments.of("mse loss", (UnaryOperator<Network.Builder>) b -> b.loss(Loss.meanSquaredError()).dense(6).tanh().dense(3)),
                Arguments.of("bce loss", (UnaryOperator<Network.Builder>) b -> b.loss(Loss.sigmoidBinaryCrossEntropy()).dense(6).tanh().dense(3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void analyticGradientsMatchCentredDifferences(String name, UnaryOperator<Network.Builder> shape) {
        int batch = 6;
        Network net = build(shape, batch);
        SplittableRandom random = new SplittableRandom(3);
        float[] x = inputsAwayFromKinks(random, batch);
        int[] labels = randomLabels(random, batch);
        float[] targets = new float[batch * 3];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = random.nextBoolean() ? 1f : 0f;
        }
        boolean labelsUsed = net.loss().usesLabels();
        GradientCheck.Report report = GradientCheck.check(net, x, 0, batch,
                labelsUsed ? labels : null, labelsUsed ? null : targets);
        assertTrue(report.passed(TOLERANCE), name + ":\n" + report);
        assertTrue(report.tensors().stream().anyMatch(t -> t.name().equals("input")), "input gradient was checked");
    }

    /** {@code batch} labels drawn uniformly from the 3 classes. */
    private static int[] randomLabels(SplittableRandom random, int batch) {
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(3);
        }
        return labels;
    }

    /** The shape after a 4-input builder with the initialiser and seed every network here shares. */
    private static Network build(UnaryOperator<Network.Builder> shape, int batch) {
        return shape.apply(Network.builder(4).init(Init.XAVIER_NORMAL).seed(7).maxBatch(batch)).build();
    }

    /**
     * Inputs whose first-layer pre-activations all lie at least 0.1 from 0, where ReLU, leaky ReLU, PReLU
     * and ELU have their kinks: a step of 1e-2 on a weight or an input moves a pre-activation by at most
     * 0.02 here, so no centred difference straddles a kink. The probe has the same first layer as every
     * network above (same initialiser and seed, and the first layer draws its weights first).
     */
    private static float[] inputsAwayFromKinks(SplittableRandom random, int batch) {
        Network probe = Network.builder(4).init(Init.XAVIER_NORMAL).seed(7).maxBatch(batch).dense(6).build();
        InferenceContext ctx = probe.newInferenceContext(batch);
        float[] x = new float[batch * 4];
        for (int attempt = 0; attempt < 10_000; attempt++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextDouble(-2, 2);
            }
            float[] z = ctx.forward(x, 0, batch);
            double nearest = Double.MAX_VALUE;
            for (int i = 0; i < batch * 6; i++) {
                nearest = Math.min(nearest, Math.abs(z[i]));
            }
            if (nearest >= 0.1) {
                return x;
            }
        }
        throw new AssertionError("no kink-free inputs found");
    }

    static Stream<Arguments> kinkedNetworks() {
        return Stream.of(
                Arguments.of("fused relu", (UnaryOperator<Network.Builder>) b -> b.dense(32).relu().dense(3)),
                Arguments.of("unfused relu", (UnaryOperator<Network.Builder>) b -> b.fuse(false).dense(32).relu().dense(3)),
                Arguments.of("fused leaky relu", (UnaryOperator<Network.Builder>) b -> b.dense(32).leakyRelu(0.1f).dense(3)),
                Arguments.of("prelu", (UnaryOperator<Network.Builder>) b -> b.dense(32).prelu(true).dense(3)),
                Arguments.of("maxout", (UnaryOperator<Network.Builder>) b -> b.maxout(16, 3).dense(3)));
    }

    /**
     * Random inputs, with nothing done to keep pre-activations from the kinks: with 16 examples and 32 units
     * some centred differences of the default step straddle one. Those elements are skipped and counted, the rest pass.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinkedNetworks")
    void elementsStraddlingAKinkAreSkippedAndTheRestPass(String name, UnaryOperator<Network.Builder> shape) {
        int batch = 16;
        Network net = build(shape, batch);
        SplittableRandom random = new SplittableRandom(11);
        float[] x = new float[batch * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-2, 2);
        }
        GradientCheck.Report report = GradientCheck.check(net, x, 0, batch, randomLabels(random, batch), null);
        assertTrue(report.skipped() > 0, name + ": some element crosses a kink:\n" + report);
        int checked = report.tensors().stream().mapToInt(GradientCheck.TensorReport::checked).sum();
        assertTrue(report.skipped() < checked, name + ": most elements are still compared:\n" + report);
        assertTrue(report.passed(TOLERANCE), name + ":\n" + report);
    }

    @Test
    void aHingeMarginAtTheKinkIsSkipped() {
        Network net = Network.builder(4).loss(Loss.multiclassHinge()).dense(3).seed(3).maxBatch(1).build();
        float[] x = {0.5f, -1f, 0.25f, 2f};
        int[] labels = {0};
        float[] s = net.newInferenceContext(1).forward(x, 0, 1);
        // Move class 1's bias so its margin s1 - s0 + 1 is 0.001: a step of 0.01 on bias 0 or bias 1 crosses it,
        // one on bias 2 does not.
        float[] w = net.parameters().values();
        int bias1 = net.parameters().tensor("0.bias").offset() + 1;
        w[bias1] += (float) (0.001 - (s[1] - s[0] + 1));
        net.parametersChanged();
        GradientCheck.Report report = GradientCheck.check(net, x, 0, 1, labels, null);
        GradientCheck.TensorReport bias = report.tensors().stream().filter(t -> t.name().equals("0.bias")).findFirst()
                .orElseThrow();
        assertTrue(bias.skipped() == 2 && bias.checked() == 1, report.toString());
        assertTrue(report.passed(TOLERANCE), report.toString());
    }

    @Test
    void theCheckCanFail() {
        // A step of 3 makes the centred difference of tanh far from its derivative: the report must say so.
        Network a = Network.builder(3).dense(4).tanh().dense(2).seed(1).maxBatch(2).build();
        float[] x = {0.5f, -1f, 2f, 1f, 0.3f, -0.7f};
        int[] labels = {0, 1};
        GradientCheck.Report good = GradientCheck.check(a, x, 0, 2, labels, null);
        assertTrue(good.passed(TOLERANCE), good.toString());
        GradientCheck.Report coarse = GradientCheck.check(a, x, 0, 2, labels, null, 3.0, 1e-3, 1000, true);
        assertTrue(!coarse.passed(TOLERANCE), "a 3.0 step should not pass:\n" + coarse);
    }
}
