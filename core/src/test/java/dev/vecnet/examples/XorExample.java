package dev.vecnet.examples;

import dev.vecnet.nn.Init;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.TrainingContext;

/**
 * The course's first network: 3 inputs (x1, x2 and a constant 1), 4 sigmoid hidden units, 1 sigmoid
 * output, trained on XOR by full-batch gradient descent on the squared error.
 *
 * <p>Run: {@code ./mvnw -q test-compile && java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes dev.vecnet.examples.XorExample}
 */
public final class XorExample {
    static final float[] INPUTS = {0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1};
    static final float[] TARGETS = {0, 1, 1, 0};

    private XorExample() {
    }

    /** Trains the network for {@code steps} full-batch gradient-descent steps with learning rate {@code lr}. */
    static Network train(int steps, float lr, long seed) {
        Network net = Network.builder(3).init(Init.UNIFORM).dense(4).sigmoid().dense(1).sigmoid()
                .loss(Loss.meanSquaredError()).maxBatch(4).seed(seed).build();
        TrainingContext ctx = net.newTrainingContext(4, false);
        float[] w = net.parameters().values();
        float[] g = ctx.gradients();
        for (int step = 0; step < steps; step++) {
            ctx.forwardBackward(INPUTS, 0, 4, null, TARGETS);
            for (int i = 0; i < w.length; i++) {
                w[i] -= lr * g[i];
            }
            net.parametersChanged();
        }
        return net;
    }

    /**
     * Trains and prints the network's output for the four inputs.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Network net = train(5000, 4f, 1);
        InferenceContext ctx = net.newInferenceContext(4);
        float[] out = ctx.forward(INPUTS, 0, 4);
        for (int i = 0; i < 4; i++) {
            System.out.printf("%s xor %s -> %.3f%n", (int) INPUTS[3 * i], (int) INPUTS[3 * i + 1], out[i]);
        }
    }
}
