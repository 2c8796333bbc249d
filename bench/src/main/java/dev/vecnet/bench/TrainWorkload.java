package dev.vecnet.bench;

import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Adam;
import dev.vecnet.optim.Momentum;
import dev.vecnet.optim.Optimizer;
import dev.vecnet.optim.Sgd;

import java.util.SplittableRandom;

/**
 * The training workloads of {@link TrainBench}, defined once so that the network, the optimizer, the
 * data and the GEMM shapes of one step all come from the same sizes. {@code bench/torch_baseline.py}
 * builds the same four in PyTorch (same sizes, optimizers and hyperparameters).
 *
 * <ul>
 *   <li>{@code W1}: MLP 784-256(ReLU)-128(ReLU)-10, softmax cross-entropy, batch 64, SGD lr 0.01 momentum 0.9;</li>
 *   <li>{@code W1b}: W1 with BatchNorm after each hidden dense layer and dropout 0.5 after each ReLU, Adam lr 1e-3;</li>
 *   <li>{@code W3}: 3-4(sigmoid)-1, sigmoid binary cross-entropy from logits (PyTorch's {@code BCEWithLogitsLoss})
 *       on 0/1 targets, batch 4, plain SGD lr 0.1;</li>
 *   <li>{@code W4}: MLP 1024-1024(ReLU)-1024(ReLU)-10, softmax cross-entropy, batch 256, SGD lr 0.01 momentum 0.9.</li>
 * </ul>
 */
enum TrainWorkload {
    W1(64, new int[] {784, 256, 128, 10}),
    W1B(64, new int[] {784, 256, 128, 10}),
    W3(4, new int[] {3, 4, 1}),
    W4(256, new int[] {1024, 1024, 1024, 10});

    /** Examples per step. */
    final int batch;
    /** Layer widths, input first. */
    private final int[] sizes;

    TrainWorkload(int batch, int[] sizes) {
        this.batch = batch;
        this.sizes = sizes;
    }

    /** The workload named {@code W1}, {@code W1b}, {@code W3} or {@code W4}. */
    static TrainWorkload named(String name) {
        for (TrainWorkload w : values()) {
            if (w.label().equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload " + name + " (W1, W1b, W3 or W4)");
    }

    /** The name as the benchmark parameter spells it. */
    String label() {
        return this == W1B ? "W1b" : name();
    }

    /** Widths of the layers, input first (a copy). */
    int[] sizes() {
        return sizes.clone();
    }

    int inputs() {
        return sizes[0];
    }

    int outputs() {
        return sizes[sizes.length - 1];
    }

    /** The network, seeded, sized for exactly this batch. */
    Network network(long seed) {
        Network.Builder b = Network.builder(inputs());
        for (int l = 1; l < sizes.length - 1; l++) {
            b.dense(sizes[l]);
            if (this == W1B) {
                b.batchNorm();
            }
            if (this == W3) {
                b.sigmoid();
            } else {
                b.relu();
            }
            if (this == W1B) {
                b.dropout(0.5f);
            }
        }
        b.dense(outputs());
        if (this == W3) {
            b.loss(Loss.sigmoidBinaryCrossEntropy());
        }
        return b.seed(seed).maxBatch(batch).build();
    }

    /** A fresh optimizer of this workload. */
    Optimizer optimizer() {
        switch (this) {
            case W1B:
                return new Adam(1e-3f);
            case W3:
                return new Sgd(0.1f);
            default:
                return new Momentum(0.01f, 0.9f);
        }
    }

    /** Inputs {@code [batch][inputs]}: uniform in [-1, 1), or for W3 bits 0/1. */
    float[] inputs(long seed) {
        if (this != W3) {
            return BenchSupport.random(batch * inputs(), seed);
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[batch * inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(2);
        }
        return x;
    }

    /** Class labels {@code [batch]}, uniform over the classes (null for W3, which reads targets). */
    int[] labels(long seed) {
        if (this == W3) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(outputs());
        }
        return labels;
    }

    /** W3's targets {@code [batch][1]}: the XOR of the first two input bits; null for the others. */
    float[] targets(float[] x) {
        if (this != W3) {
            return null;
        }
        float[] t = new float[batch];
        for (int i = 0; i < batch; i++) {
            t[i] = x[i * inputs()] != x[i * inputs() + 1] ? 1f : 0f;
        }
        return t;
    }

    /**
     * Floating-point operations of the matrix products of one training step, {@code 2 m n k} each: per
     * layer the forward {@code Y = X W^T} and {@code dW = dY^T X}, and {@code dX = dY W} for every layer
     * but the first (the input needs no gradient). Elementwise work and the update are not counted.
     */
    double stepGflop() {
        double g = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            g += Flops.of(batch, out, in) + Flops.of(out, in, batch);
            if (l > 0) {
                g += Flops.of(batch, in, out);
            }
        }
        return g;
    }
}
