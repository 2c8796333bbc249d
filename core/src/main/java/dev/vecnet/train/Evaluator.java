package dev.vecnet.train;

import dev.vecnet.data.Examples;
import dev.vecnet.data.MiniBatches;
import dev.vecnet.kernel.Elementwise;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.TrainingContext;

/**
 * Loss and accuracy of a network over a data set, in evaluation mode (dropout off, BatchNorm running
 * statistics), in batches of the network's maximum batch gathered into buffers sized at construction
 * ({@link MiniBatches} in the data set's order), through its own {@link TrainingContext#evaluate}.
 * {@link #evaluate} reads the parameters, modifies nothing of the network and allocates nothing. Not
 * thread-safe; run it while nobody changes the parameters.
 */
public final class Evaluator {
    private final Network net;
    private final TrainingContext context;
    private final MiniBatches batches;
    private final boolean labelled;
    private final long size;
    private double loss;
    private double dataLoss;
    private double accuracy;

    /**
     * An evaluator of {@code net} on {@code data} (read, never modified), with buffers for one batch.
     * Allocates a training context and batch buffers for {@code min(net.maxBatch(), data.count())}
     * examples.
     *
     * @param net  the network to evaluate; its parameters are read at each {@link #evaluate}
     * @param data the examples, labelled or with targets, of {@code net.inputSize()} features
     * @throws IllegalArgumentException when the data set is empty or its width is not the network's input
     */
    public Evaluator(Network net, Examples data) {
        if (data.count() == 0) {
            throw new IllegalArgumentException("cannot evaluate on an empty data set");
        }
        if (data.featureCount() != net.inputSize()) {
            throw new IllegalArgumentException("data has " + data.featureCount() + " features, the network "
                    + net.inputSize() + " inputs");
        }
        this.net = net;
        int batch = (int) Math.min(net.maxBatch(), data.count());
        this.context = net.newTrainingContext(batch, false);
        this.batches = new MiniBatches(data, batch, 0);
        this.labelled = data.hasLabels();
        this.size = data.count();
    }

    /**
     * Evaluates the data set: afterwards {@link #loss()} is the mean data loss plus the L2 penalty and
     * {@link #accuracy()} the fraction whose {@link #predictedClass} is the label (NaN for target data).
     */
    public void evaluate() {
        long n = size;
        int width = net.outputSize();
        double dataLoss = 0;
        double penalty = 0;
        long correct = 0;
        batches.restart();
        while (batches.next()) {
            int batch = batches.count();
            TrainingContext.Step step = context.evaluate(batches.x(), 0, batch, batches.labels(), batches.targets());
            double d = step.dataLoss();
            dataLoss += d * batch;
            penalty = step.loss() - d;
            if (labelled) {
                float[] s = step.scores();
                int[] labels = batches.labels();
                for (int i = 0; i < batch; i++) {
                    if (predictedClass(s, i * width, width, 0f) == labels[i]) {
                        correct++;
                    }
                }
            }
        }
        this.dataLoss = dataLoss / n;
        loss = this.dataLoss + penalty;
        accuracy = labelled ? (double) correct / n : Double.NaN;
    }

    /**
     * Loss of the last {@link #evaluate}.
     *
     * @return the mean data loss plus the L2 penalty {@code (lambda / 2) sum w^2}; 0 before the first
     *         {@link #evaluate}
     */
    public double loss() {
        return loss;
    }

    /**
     * Mean data loss of the last {@link #evaluate}, without the L2 penalty.
     *
     * @return the data loss averaged over all examples; 0 before the first {@link #evaluate}
     */
    public double dataLoss() {
        return dataLoss;
    }

    /**
     * Accuracy of the last {@link #evaluate} (NaN for target data).
     *
     * @return the fraction of examples predicted correctly, in [0, 1]; NaN for target data, 0 before the
     *         first {@link #evaluate}
     */
    public double accuracy() {
        return accuracy;
    }

    /**
     * The predicted class of one row of scores or probabilities: for {@code width == 1} (a sigmoid output)
     * 1 when {@code s[off] > threshold} (0 for scores, 0.5 for probabilities), else 0; otherwise
     * {@link Elementwise#argmax}. Modifies nothing, allocates nothing.
     *
     * @param s         scores or probabilities
     * @param off       index in {@code s} of the row's first value
     * @param width     values in the row, {@code >= 1}: 1 for a single sigmoid output, else the class count
     * @param threshold decision threshold for {@code width == 1}; ignored otherwise
     * @return the class, in {@code [0, width)} for {@code width > 1} (the first on ties), 0 or 1 for
     *         {@code width == 1}
     */
    public static int predictedClass(float[] s, int off, int width, float threshold) {
        return width == 1 ? (s[off] > threshold ? 1 : 0) : Elementwise.argmax(s, off, width);
    }
}
