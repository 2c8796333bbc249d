package dev.vecnet.bench;

/**
 * The network the layer benchmarks model: an MLP 784-256-128-10 (MNIST-sized) trained and served at
 * batch 64. Layer {@code fcN} maps {@code in} features to {@code out}, with its weight stored row-major as
 * {@code W[out][in]} (the PyTorch layout) and activations as {@code [batch][features]}.
 */
final class Mlp {
    static final int BATCH = 64;

    private Mlp() {
    }

    /** Input features of layer "fc1", "fc2" or "fc3". */
    static int in(String layer) {
        switch (layer) {
            case "fc1":
                return 784;
            case "fc2":
                return 256;
            case "fc3":
                return 128;
            default:
                throw new IllegalArgumentException("unknown layer " + layer + " (fc1, fc2 or fc3)");
        }
    }

    /** Output features of layer "fc1", "fc2" or "fc3". */
    static int out(String layer) {
        switch (layer) {
            case "fc1":
                return 256;
            case "fc2":
                return 128;
            case "fc3":
                return 10;
            default:
                throw new IllegalArgumentException("unknown layer " + layer + " (fc1, fc2 or fc3)");
        }
    }
}
