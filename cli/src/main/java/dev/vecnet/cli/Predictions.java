package dev.vecnet.cli;

import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Network;

/**
 * Runs a trained network over many examples in evaluation mode, in batches, through its own
 * {@link InferenceContext}. Stateless; each call allocates its context and result, so calls may run on
 * different threads as long as nobody changes the network's parameters meanwhile.
 */
final class Predictions {
    private static final int BATCH = 256;

    private Predictions() {
    }

    /**
     * The predicted class (largest score) of each of {@code n} examples.
     *
     * @param x {@code [n][inputSize]}, already preprocessed; not modified
     */
    public static int[] classes(Network net, float[] x, int n) {
        return classes(net, x, n, null);
    }

    /**
     * As {@link #classes(Network, float[], int)}, each batch split across {@code team} by rows (null: on the
     * calling thread); the batch grows with the team so that every thread gets {@value #BATCH} rows.
     */
    public static int[] classes(Network net, float[] x, int n, WorkerTeam team) {
        int perBatch = team == null ? BATCH : BATCH * team.threads();
        InferenceContext ctx = net.newInferenceContext(Math.max(1, Math.min(perBatch, n)), team);
        int[] classes = new int[n];
        for (int start = 0; start < n; start += ctx.maxBatch()) {
            ctx.classify(x, start * net.inputSize(), Math.min(ctx.maxBatch(), n - start), classes, start);
        }
        return classes;
    }
}
