package dev.vecnet.train;

import dev.vecnet.nn.Network;

/**
 * Loss and accuracy of a network over a data set, in evaluation mode (dropout off, BatchNorm running
 * statistics), in batches of the network's maximum batch gathered into buffers sized at construction.
 * Uses the network's training context, so it runs on the training thread; {@link #evaluate} allocates
 * nothing and restores the network's mode. Not thread-safe.
 */
public final class Evaluator {
    private final Network net;
    private final BatchBuffer buffer;
    private double loss;
    private double accuracy;

    /** Buffers for batches of {@code data}'s shape (the same shape is required by {@link #evaluate}). */
    public Evaluator(Network net, TrainingData shape) {
        this.net = net;
        this.buffer = new BatchBuffer(shape, net.maxBatch());
    }

    /**
     * Evaluates {@code data}: afterwards {@link #loss()} is the mean data loss plus the L2 penalty and
     * {@link #accuracy()} the fraction whose {@link #predictedClass} is the label (NaN for target data).
     */
    public void evaluate(TrainingData data) {
        boolean wasTraining = net.isTraining();
        net.eval();
        int n = data.size();
        int width = net.outputSize();
        double dataLoss = 0;
        double penalty = 0;
        long correct = 0;
        for (int start = 0; start < n; start += net.maxBatch()) {
            int batch = Math.min(net.maxBatch(), n - start);
            buffer.gather(data, null, start, batch);
            double total = net.loss(buffer.x, 0, batch, buffer.labels, buffer.targets);
            double d = net.lastDataLoss();
            dataLoss += d * batch;
            penalty = total - d;
            if (buffer.labels != null) {
                float[] s = net.lastScores();
                for (int i = 0; i < batch; i++) {
                    if (predictedClass(s, i * width, width, 0f) == buffer.labels[i]) {
                        correct++;
                    }
                }
            }
        }
        if (wasTraining) {
            net.train();
        }
        loss = dataLoss / n + penalty;
        accuracy = data.hasLabels() ? (double) correct / n : Double.NaN;
    }

    /** Loss of the last {@link #evaluate}. */
    public double loss() {
        return loss;
    }

    /** Accuracy of the last {@link #evaluate} (NaN for target data). */
    public double accuracy() {
        return accuracy;
    }

    /**
     * The predicted class of one row of scores or probabilities: for {@code width == 1} (a sigmoid output)
     * 1 when {@code s[off] > threshold} (0 for scores, 0.5 for probabilities), else 0; otherwise
     * {@link #argmax}.
     */
    public static int predictedClass(float[] s, int off, int width, float threshold) {
        return width == 1 ? (s[off] > threshold ? 1 : 0) : argmax(s, off, width);
    }

    /** Index of the largest of {@code s[off, off + width)}; the first on ties. */
    public static int argmax(float[] s, int off, int width) {
        int best = 0;
        for (int j = 1; j < width; j++) {
            if (s[off + j] > s[off + best]) {
                best = j;
            }
        }
        return best;
    }
}
