package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Examples;
import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.TrainingContext;

/**
 * Loss and accuracy of a network over a data set, in evaluation mode (dropout off, BatchNorm running
 * statistics), in consecutive batches of the network's maximum batch in row order, read in place from an
 * in-memory {@link Dataset} or gathered from other examples ({@link Examples#gather}, e.g. memory-mapped), through {@link TrainingContext#evaluate}. {@link #evaluate} reads the parameters, modifies nothing of
 * the network and allocates nothing.
 *
 * <p>With a {@link WorkerTeam} team the batches are shared out: each part evaluates a contiguous run of
 * whole batches on a context of its own (a replica) and records each batch's loss and correct count in
 * that batch's slot; the slots are then added in batch order on the calling thread. The batches are the
 * same for every team size, so the loss and accuracy have the same bits as on one thread.
 *
 * <p>Not thread-safe; run it while nobody changes the parameters.
 */
public final class Evaluator {
    private final Network net;
    private final Examples data;
    /** The data when it is an in-memory {@link Dataset}, whose batches are read in place; else null. */
    private final Dataset inMemory;
    private final int batchSize;
    private final int batchCount;
    private final WorkerTeam team;
    /** One context per part (one without a team), with its label and target buffers. */
    private final TrainingContext[] contexts;
    /** Per part: the rows of its current batch, their features, labels and targets. */
    private final long[][] rowBuffers;
    private final float[][] featureBuffers;
    private final int[][] labelBuffers;
    private final float[][] targetBuffers;
    private final double[] batchLoss;
    private final int[] batchCorrect;
    /** The L2 penalty as the last batch's step reports it (loss minus data loss, so rounded as there). */
    private double penalty;
    private final WorkerTeam.Range batchRuns = this::evaluateBatches;
    private final boolean labelled;
    private final long size;
    private double loss;
    private double dataLoss;
    private double accuracy;

    /**
     * An evaluator of {@code net} on {@code data} (read, never modified), on the calling thread.
     * Allocates a training context and batch buffers for {@code min(net.maxBatch(), data.count())}
     * examples.
     *
     * @param net  the network to evaluate; its parameters are read at each {@link #evaluate}
     * @param data the examples, labelled or with targets, of {@code net.inputSize()} features
     * @throws IllegalArgumentException when the data set is empty or its width is not the network's input
     */
    public Evaluator(Network net, Examples data) {
        this(net, data, null);
    }

    /**
     * An evaluator of {@code net} on {@code data} that shares the batches out across {@code team} (see the
     * class comment). Allocates one training context and batch buffers per thread of the team,
     * for {@code min(net.maxBatch(), data.count())} examples each, and two slots per batch.
     *
     * @param net  the network to evaluate; its parameters are read at each {@link #evaluate}
     * @param data the examples, labelled or with targets, of {@code net.inputSize()} features
     * @param team the team to share the batches across, used, not owned; null for the calling thread alone
     * @throws IllegalArgumentException when the data set is empty, its width is not the network's input, or
     *                                  it has more batches than an int counts
     */
    public Evaluator(Network net, Examples data, WorkerTeam team) {
        if (data.count() == 0) {
            throw new IllegalArgumentException("cannot evaluate on an empty data set");
        }
        if (data.featureCount() != net.inputSize()) {
            throw new IllegalArgumentException("data has " + data.featureCount() + " features, the network "
                    + net.inputSize() + " inputs");
        }
        this.net = net;
        this.data = data;
        this.inMemory = data instanceof Dataset d ? d : null;
        this.team = team;
        this.batchSize = (int) Math.min(net.maxBatch(), data.count());
        long batches = (data.count() + batchSize - 1) / batchSize;
        if (batches > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(data.count() + " examples make " + batches + " batches of "
                    + batchSize + ", more than one evaluation counts; raise the network's maxBatch");
        }
        this.batchCount = (int) batches;
        this.labelled = data.hasLabels();
        this.size = data.count();
        int parts = team == null ? 1 : Math.min(team.threads(), batchCount);
        contexts = new TrainingContext[parts];
        rowBuffers = new long[parts][];
        featureBuffers = new float[parts][];
        labelBuffers = new int[parts][];
        targetBuffers = new float[parts][];
        for (int p = 0; p < parts; p++) {
            contexts[p] = net.newTrainingContext(batchSize, false);
            // An in-memory data set is read in place: only the labels or targets are copied.
            rowBuffers[p] = inMemory == null ? new long[batchSize] : null;
            featureBuffers[p] = inMemory == null ? new float[Math.multiplyExact(batchSize, data.featureCount())] : null;
            labelBuffers[p] = labelled ? new int[batchSize] : null;
            targetBuffers[p] = labelled ? null : new float[batchSize * data.targetCount()];
        }
        batchLoss = new double[batchCount];
        batchCorrect = new int[batchCount];
    }

    /**
     * Evaluates the data set: afterwards {@link #loss()} is the mean data loss plus the L2 penalty and
     * {@link #accuracy()} the fraction whose {@link #predictedClass} is the label (NaN for target data).
     */
    public void evaluate() {
        if (contexts.length == 1) {
            evaluateBatches(0, 0, batchCount);
        } else {
            team.forEachRange(batchCount, 1, 1, batchRuns);
        }
        double dataLoss = 0;
        long correct = 0;
        for (int b = 0; b < batchCount; b++) {
            dataLoss += batchLoss[b] * rows(b);
            correct += batchCorrect[b];
        }
        this.dataLoss = dataLoss / size;
        loss = this.dataLoss + penalty;
        accuracy = labelled ? (double) correct / size : Double.NaN;
    }

    private int rows(int b) {
        return (int) Math.min(batchSize, size - (long) b * batchSize);
    }

    /** Batches {@code [from, to)} on part {@code part}'s context: each batch's data loss and correct count. */
    private void evaluateBatches(int part, int from, int to) {
        TrainingContext context = contexts[part];
        long[] rows = rowBuffers[part];
        float[] x = featureBuffers[part];
        int[] labels = labelBuffers[part];
        float[] targets = targetBuffers[part];
        int width = net.outputSize();
        for (int b = from; b < to; b++) {
            long first = (long) b * batchSize;
            int batch = rows(b);
            TrainingContext.Step step;
            if (inMemory != null) {
                // The batch's rows are consecutive in the live array: no copy of the features.
                int offset = Math.multiplyExact((int) first, inMemory.featureCount());
                gatherLabelsOrTargets((int) first, batch, labels, targets);
                step = context.evaluate(inMemory.features(), offset, batch, labels, targets);
            } else {
                for (int i = 0; i < batch; i++) {
                    rows[i] = first + i;
                }
                data.gather(rows, batch, x, labels, targets);
                step = context.evaluate(x, 0, batch, labels, targets);
            }
            double d = step.dataLoss();
            batchLoss[b] = d;
            if (b == batchCount - 1) {
                penalty = step.loss() - d;
            }
            int correct = 0;
            if (labels != null) {
                float[] s = step.scores();
                for (int i = 0; i < batch; i++) {
                    if (predictedClass(s, i * width, width, 0f) == labels[i]) {
                        correct++;
                    }
                }
            }
            batchCorrect[b] = correct;
        }
    }

    /** The labels or targets of the in-memory rows {@code [first, first + batch)}, into the batch buffers. */
    private void gatherLabelsOrTargets(int first, int batch, int[] labels, float[] targets) {
        if (labels != null) {
            System.arraycopy(inMemory.labels(), first, labels, 0, batch);
        } else {
            int t = inMemory.targetCount();
            System.arraycopy(inMemory.targets(), first * t, targets, 0, batch * t);
        }
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
