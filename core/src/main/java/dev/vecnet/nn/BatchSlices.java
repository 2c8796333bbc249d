package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.WorkerTeam;

/**
 * Data-parallel training of one batch: the batch is cut into a fixed number of slices of consecutive rows,
 * each slice runs forward and backward on a single-threaded context of its own (its own activations,
 * dropout masks and gradient buffer), and the slices' gradients are added in slice order:
 * <pre>
 *   rows of slice s:  [floor(s * batch / S), floor((s + 1) * batch / S))      n_s rows
 *   dataLoss = sum_s (n_s / batch) * dataLoss_s
 *   g        = sum_s (n_s / batch) * g_s          (s = 0, 1, ..., S - 1, in that order)
 * </pre>
 * where {@code dataLoss_s} and {@code g_s} are the slice's mean loss and its gradient (which each loss
 * scales by {@code 1 / n_s}). Dropout draws the masks a single context would draw for the same rows (the
 * slices' counters number the whole batch), so the forward pass of every row is the same as without slices.
 * The slices are fixed by the batch and {@code S}, never by the team: a team only decides which thread
 * runs which slice, and the reduction is cut by parameter ranges, each entry still summed over the slices
 * in order, so the result has the same bits for every team size and without a team. It is a different float summation than one context over the whole batch (a product
 * sums all rows in one chain; here each slice sums its rows and the slices are added), which is why the
 * slice count is a setting of its own and not derived from the thread count.
 *
 * <p>Only for networks without BatchNorm: a slice would normalise with its own batch statistics
 * (PyTorch's DistributedDataParallel without SyncBatchNorm), which is not the whole batch's step
 * (checked by {@link Network#newTrainingContext(int, boolean, WorkerTeam, int)}).
 *
 * <p>Allocates its slice contexts and label buffers in the constructor, nothing per step. Confined to
 * the thread of the context that owns it.
 */
final class BatchSlices {
    private final TrainingContext[] contexts;
    private final int[][] sliceLabels;
    private final float[][] sliceTargets;
    private final double[] sliceLosses;
    private final int inputSize;
    private final int outputSize;
    private final WorkerTeam team;
    /** The owning context's dropout states by layer (null elsewhere): their counters number the whole batch. */
    private final Dropout.State[] wholeBatchDropout;
    /** Elements per example at each dropout layer's input. */
    private final int[] dropoutWidth;

    // The current call, read by the range tasks (made once, so a step allocates nothing).
    private float[] x;
    private int xOff;
    private int batch;
    private int[] labels;
    private float[] targets;
    private float[] gradients;
    private float[] scores;
    private float[] inputGradient;
    private final WorkerTeam.Range runSlices = (part, from, to) -> {
        for (int s = from; s < to; s++) {
            runSlice(s);
        }
    };
    private final WorkerTeam.Range reduce = (part, from, to) -> reduce(from, to);

    BatchSlices(Network network, int maxBatch, int slices, boolean inputGradient, WorkerTeam team,
                LayerState[] ownerStates) {
        this.team = team;
        int layers = ownerStates.length;
        wholeBatchDropout = new Dropout.State[layers];
        dropoutWidth = new int[layers];
        for (int i = 0; i < layers; i++) {
            if (ownerStates[i] instanceof Dropout.State d) {
                wholeBatchDropout[i] = d;
                dropoutWidth[i] = network.layers().get(i).inputSize();
            }
        }
        this.inputSize = network.inputSize();
        this.outputSize = network.outputSize();
        int sliceBatch = Math.max(1, (maxBatch + slices - 1) / slices);
        contexts = new TrainingContext[slices];
        sliceLabels = new int[slices][sliceBatch];
        sliceTargets = new float[slices][Math.multiplyExact(sliceBatch, outputSize)];
        sliceLosses = new double[slices];
        for (int s = 0; s < slices; s++) {
            contexts[s] = new TrainingContext(network, sliceBatch, inputGradient, null, 1);
        }
    }

    /** The number of slices, {@code S}. */
    int count() {
        return contexts.length;
    }

    /** First row of slice {@code s} of a batch of {@code batch} rows. */
    private int start(int s) {
        return (int) ((long) s * batch / contexts.length);
    }

    /** Rows of slice {@code s}, {@code n_s} (0 for a batch smaller than the slice count). */
    private int rows(int s) {
        return start(s + 1) - start(s);
    }

    /**
     * Runs the batch as slices and writes the combined gradient into {@code gradients} (overwritten; the L2
     * term is the caller's), the scores into {@code scores} and, when not null, {@code dL/dx} into
     * {@code inputGradient}. The batch has been checked by the caller.
     *
     * @return the data loss of the whole batch, {@code sum_s (n_s / batch) * dataLoss_s}
     */
    double forwardBackward(float[] x, int xOff, int batch, int[] labels, float[] targets, float[] gradients,
                           float[] scores, float[] inputGradient) {
        this.x = x;
        this.xOff = xOff;
        this.batch = batch;
        this.labels = labels;
        this.targets = targets;
        this.gradients = gradients;
        this.scores = scores;
        this.inputGradient = inputGradient;
        try {
            int slices = contexts.length;
            if (team == null) {
                runSlices.run(0, 0, slices);
            } else {
                team.forEachRange(slices, 1, 1, runSlices);
            }
            WorkerTeam.forEachElement(team, gradients.length, reduce);
            advanceDropoutCounters();
            double loss = 0;
            for (int s = 0; s < slices; s++) {
                int rows = rows(s);
                if (rows > 0) {
                    loss += (double) rows / batch * sliceLosses[s];
                }
            }
            return loss;
        } finally {
            this.x = null;
            this.labels = null;
            this.targets = null;
            this.gradients = null;
            this.scores = null;
            this.inputGradient = null;
        }
    }

    /** Forward and backward of slice {@code s} on its context, then its scores and input gradient into place. */
    private void runSlice(int s) {
        int from = start(s);
        int rows = rows(s);
        if (rows == 0) {
            return;
        }
        int[] sliceLabelsOrNull = null;
        if (labels != null) {
            System.arraycopy(labels, from, sliceLabels[s], 0, rows);
            sliceLabelsOrNull = sliceLabels[s];
        }
        float[] sliceTargetsOrNull = null;
        if (targets != null) {
            System.arraycopy(targets, from * outputSize, sliceTargets[s], 0, rows * outputSize);
            sliceTargetsOrNull = sliceTargets[s];
        }
        TrainingContext context = contexts[s];
        alignDropoutCounters(context, from);
        try {
            sliceLosses[s] = context.forwardBackwardChecked(x, xOff + from * inputSize, rows, sliceLabelsOrNull,
                    sliceTargetsOrNull);
        } catch (IllegalArgumentException e) {
            // The loss names examples by their index in the slice: say where the slice is in the batch.
            throw new IllegalArgumentException(e.getMessage() + " (in slice " + s + ": example 0 of the slice is example "
                    + from + " of the batch)", e);
        }
        TrainingContext.Step step = context.lastStep();
        System.arraycopy(step.scores(), 0, scores, from * outputSize, rows * outputSize);
        if (inputGradient != null) {
            // The slice's loss averaged over its own rows; the whole batch's over all of them.
            int n = rows * inputSize;
            System.arraycopy(step.inputGradient(), 0, inputGradient, from * inputSize, n);
            Elementwise.scale(n, weight(rows), inputGradient, from * inputSize);
        }
    }

    /**
     * Numbers the slice's dropout elements as the whole batch's: a dropout mask element is a hash of the
     * layer's seed and {@code counter + index}, so with the counter of the owning context plus the slice's
     * first element, every slice draws exactly the mask that a single context draws for those rows (rather than
     * every slice repeating the first slice's mask).
     */
    private void alignDropoutCounters(TrainingContext context, int fromRow) {
        for (int i = 0; i < wholeBatchDropout.length; i++) {
            if (wholeBatchDropout[i] != null) {
                ((Dropout.State) context.states[i]).counter =
                        wholeBatchDropout[i].counter + (long) fromRow * dropoutWidth[i];
            }
        }
    }

    /** After a step, the owning context's counters move past the whole batch, as one context's would. */
    private void advanceDropoutCounters() {
        for (int i = 0; i < wholeBatchDropout.length; i++) {
            if (wholeBatchDropout[i] != null) {
                wholeBatchDropout[i].counter += (long) batch * dropoutWidth[i];
            }
        }
    }

    /** {@code n_s / batch} as a float: the weight of a slice of {@code rows} rows. */
    private float weight(int rows) {
        return (float) ((double) rows / batch);
    }

    /** {@code g[i] = sum_s w_s * g_s[i]} for {@code i} in {@code [from, to)}, slices in order. */
    private void reduce(int from, int to) {
        int n = to - from;
        boolean first = true;
        for (int s = 0; s < contexts.length; s++) {
            int rows = rows(s);
            if (rows == 0) {
                continue;
            }
            float[] g = contexts[s].gradients();
            if (first) {
                System.arraycopy(g, from, gradients, from, n);
                Elementwise.scale(n, weight(rows), gradients, from);
                first = false;
            } else {
                Elementwise.axpy(n, weight(rows), g, from, gradients, from);
            }
        }
    }
}
