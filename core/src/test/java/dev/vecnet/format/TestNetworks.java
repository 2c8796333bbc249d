package dev.vecnet.format;

import dev.vecnet.nn.Init;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;

import java.util.SplittableRandom;

/** Random networks over every module the builder offers, for round trips and fuzzing. */
final class TestNetworks {
    private TestNetworks() {
    }

    /**
     * Makes every BatchNorm running variance of {@code net} its absolute value, and a NaN one 1, so that
     * the file is valid (a model file refuses negative and NaN variances). Modifies the parameters.
     */
    static void nonNegativeVariances(Network net) {
        float[] v = net.parameters().values();
        for (ParameterTensor t : net.parameters().tensors()) {
            if (t.name().endsWith(".running_var")) {
                for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                    v[i] = Float.isNaN(v[i]) ? 1f : Math.abs(v[i]);
                }
            }
        }
    }

    /** A random network of 1-5 modules with random (finite) parameters and BatchNorm counts. */
    static Network random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Network.Builder b = Network.builder(1 + r.nextInt(5)).fuse(r.nextBoolean()).checkInputs(r.nextBoolean())
                .maxBatch(1 + r.nextInt(8)).seed(r.nextLong()).init(Init.values()[r.nextInt(Init.values().length)]);
        int modules = 1 + r.nextInt(5);
        for (int i = 0; i < modules; i++) {
            switch (r.nextInt(12)) {
                case 0: case 1: case 2: b.dense(1 + r.nextInt(5)); break;
                case 3: b.maxout(1 + r.nextInt(3), 2 + r.nextInt(2)); break;
                case 4: b.sigmoid(); break;
                case 5: b.tanh(); break;
                case 6: b.relu(); break;
                case 7: b.leakyRelu((float) r.nextDouble(-0.5, 0.5)); break;
                case 8: b.elu((float) r.nextDouble(0.1, 2)); break;
                case 9: b.prelu(r.nextBoolean()); break;
                case 10: b.batchNorm((float) r.nextDouble(1e-6, 1e-3), (float) r.nextDouble()); break;
                default: b.dropout((float) r.nextDouble(0, 0.9)); break;
            }
        }
        Loss[] losses = {Loss.softmaxCrossEntropy(), Loss.multiclassHinge(), Loss.meanSquaredError(),
            Loss.sigmoidBinaryCrossEntropy()};
        b.loss(losses[r.nextInt(losses.length)]).l2(r.nextBoolean() ? 0f : (float) r.nextDouble(0, 0.1));
        Network net = b.build();
        float[] v = net.parameters().values();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        nonNegativeVariances(net);
        long[] tracked = net.batchesTracked();
        for (int i = 0; i < tracked.length; i++) {
            tracked[i] = r.nextLong(0, Long.MAX_VALUE);
        }
        net.setBatchesTracked(tracked);
        net.parametersChanged();
        return net;
    }
}
