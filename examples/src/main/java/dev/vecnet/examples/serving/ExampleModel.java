package dev.vecnet.examples.serving;

import dev.vecnet.format.ModelFile;
import dev.vecnet.nn.Network;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The load test's default model: an MNIST-sized classifier, 784-256-128-10 with ReLU after each hidden
 * layer and softmax cross-entropy (the shape of the benchmarks' W2b workload), He-normal weights from a
 * seed. Untrained: serving costs the same for any weights, and the answers are checked against an
 * in-process prediction, not against labels. {@link #main} writes it to a file for the service.
 */
public final class ExampleModel {
    static final int INPUTS = 784;

    private ExampleModel() {
    }

    /**
     * Writes the model to a file: {@code ExampleModel FILE [SEED]} (seed 42 by default).
     *
     * @param args the file to create or replace, and optionally the seed
     * @throws IOException when the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ExampleModel FILE [SEED]");
            System.exit(2);
        }
        write(Path.of(args[0]), args.length > 1 ? Long.parseLong(args[1]) : 42);
    }

    /** Builds the network from {@code seed} and saves it to {@code file}; returns the file. */
    static Path write(Path file, long seed) throws IOException {
        Network net = Network.builder(INPUTS)
                .dense(256).relu()
                .dense(128).relu()
                .dense(10)
                .seed(seed)
                .build();
        ModelFile.save(file, net);
        return file;
    }
}
