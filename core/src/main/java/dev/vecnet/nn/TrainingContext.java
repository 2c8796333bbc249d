package dev.vecnet.nn;

import dev.vecnet.kernel.WorkerTeam;

/**
 * The buffers of training a {@link Network} on one thread, created by
 * {@link Network#newTrainingContext}: every layer's output, the gradient at every layer boundary, the
 * layers' states (BatchNorm's normalised input, dropout masks), the loss gradient, a flat
 * parameter-gradient array laid out like {@link Parameters#values()} ({@link #gradients()}) and, when
 * asked for at creation, the input gradient. All are sized once, for batches of up to {@link #maxBatch()}.
 *
 * <p><b>Calls.</b> {@link #forwardBackward} runs in training mode and overwrites {@link #gradients()};
 * {@link #evaluate} runs in evaluation mode and computes only the loss and scores. Both return this
 * context's one {@link Step}, whose values are valid until the next call on this context.
 *
 * <p><b>Allocation.</b> The constructor allocates every buffer; {@link #forwardBackward} and
 * {@link #evaluate} allocate nothing, for any batch up to {@link #maxBatch()}.
 *
 * <p><b>Parameters.</b> Values are the network's, shared by all its contexts and only read here, except
 * for BatchNorm's running statistics and batch count, which a training forward updates in place (see
 * Threads). Applying the gradients is the caller's: an {@link dev.vecnet.optim.Optimizer} over
 * {@code network.parameters()} and {@code gradients()}, then {@link Network#parametersChanged()}.
 *
 * <p><b>A team.</b> A context created with a {@link WorkerTeam} team splits every pass of a step across
 * it: products along their rows or columns (never along the summed dimension), row-wise work by rows,
 * column sums (bias gradients, batch statistics) by columns, the L2 term by fixed chunks. No element is
 * ever summed in another order, so the gradients, the loss and the running statistics have the same
 * bits for every team size and without a team. Passes too small to pay for a hand-off run on the
 * calling thread. The context does not close the team.
 *
 * <p><b>Slices.</b> A context created with {@code slices = S > 1} runs a training step data-parallel: the
 * batch is cut into {@code S} slices of consecutive rows fixed by the batch size alone, each slice runs
 * forward and backward on a single-threaded replica of its own (the team runs different slices on
 * different threads), and the slices' gradients are added in slice order, weighted by their share of the
 * batch. One hand-off per step instead of one per pass, so small layers scale too; the result is the same
 * for every team size and without a team, but is not the bits of {@code S = 1} (each slice sums its own
 * rows). {@link #evaluate} always runs the whole batch here.
 *
 * <p><b>Threads.</b> A context is confined to one thread at a time. Several contexts of one network may
 * run {@link #forwardBackward} and {@link #evaluate} concurrently on different threads while nobody
 * changes the parameter values, with one exception: on a network with a BatchNorm layer, a training
 * forward updates the network's running statistics, so at most one {@link #forwardBackward} may run at a
 * time and no {@link #evaluate} or inference may overlap it. Dropout masks are per context: each
 * context draws from the layer's seed with its own counter starting at 0, so two fresh contexts draw
 * the same sequence of masks.
 */
public final class TrainingContext {
    private final Network network;
    private final Layer[] layers;
    private final int maxBatch;
    private final float[][] activations;
    /** {@code boundaryGradients[i]} is dLoss/d(input of layer i), for i >= 1. */
    private final float[][] boundaryGradients;
    final LayerState[] states;
    private final float[] dScores;
    private final float[] gradients;
    /** dLoss/dx {@code [maxBatch][inputSize]}, or null when not asked for. */
    private final float[] inputGradient;
    private final Step step = new Step();
    private final WorkerTeam team;
    private final L2Term l2;
    /** The batch slices of a data-parallel step, or null when a step runs the whole batch here. */
    private final BatchSlices slices;

    TrainingContext(Network network, int maxBatch, boolean inputGradient, WorkerTeam team, int slices) {
        this.network = network;
        this.team = team;
        this.layers = network.layers().toArray(new Layer[0]);
        this.maxBatch = maxBatch;
        int count = layers.length;
        activations = new float[count][];
        boundaryGradients = new float[count][];
        states = new LayerState[count];
        for (int i = 0; i < count; i++) {
            Layer layer = layers[i];
            activations[i] = new float[Math.multiplyExact(maxBatch, layer.outputSize())];
            if (i > 0) {
                boundaryGradients[i] = new float[Math.multiplyExact(maxBatch, layer.inputSize())];
            }
            states[i] = layer.newState(maxBatch, true, team);
        }
        dScores = new float[Math.multiplyExact(maxBatch, network.outputSize())];
        gradients = new float[network.parameters().size()];
        this.inputGradient = inputGradient ? new float[Math.multiplyExact(maxBatch, network.inputSize())] : null;
        this.l2 = new L2Term(network, team);
        this.slices = slices > 1 ? new BatchSlices(network, maxBatch, slices, inputGradient, team, states) : null;
    }

    /**
     * The team this context splits its passes across.
     *
     * @return the team given at creation, or null when every pass runs on the calling thread
     */
    public WorkerTeam team() {
        return team;
    }

    /**
     * The network this context trains.
     *
     * @return the network that created this context, whose parameters it reads
     */
    public Network network() {
        return network;
    }

    /**
     * The output of layer {@code i} after the last {@link #evaluate}, {@link #evaluateGradients} or (when
     * {@link #slices()} is 1) {@link #forwardBackward} on this context: a live buffer holding
     * {@code [batch][layers().get(i).outputSize()]} from offset 0, overwritten by the next call. (With more
     * slices a training step computes its activations in the slices' replicas, so this buffer then holds those
     * of the last evaluation.)
     *
     * @param i the index of the layer in {@link Network#layers()}, in {@code [0, layers().size())}
     * @return the context's output buffer of that layer, {@code maxBatch() * outputSize} values long
     * @throws ArrayIndexOutOfBoundsException when {@code i} is out of range
     */
    public float[] activation(int i) {
        return activations[i];
    }

    /**
     * The largest batch this context accepts.
     *
     * @return the batch size the buffers were allocated for, {@code >= 1}
     */
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Whether {@link #forwardBackward} computes the gradient with respect to the input.
     *
     * @return true when the context was created with the input gradient, so that
     *         {@link Step#inputGradient()} is non-null after {@link #forwardBackward}
     */
    public boolean computesInputGradient() {
        return inputGradient != null;
    }

    /**
     * {@code dL/dparameters} of the last {@link #forwardBackward}, the L2 term included, laid out like
     * {@link Parameters#values()} and indexed by the same {@link ParameterTensor} offsets: a live array,
     * overwritten by the next {@link #forwardBackward}. Entries of tensors that are not trainable
     * (BatchNorm running statistics) stay 0. All zeros before the first call.
     *
     * @return the live gradient array, of length {@code network().parameters().size()}; the same array on
     *         every call
     */
    public float[] gradients() {
        return gradients;
    }

    /**
     * One training step's gradients: forward in training mode (dropout draws a mask, BatchNorm uses the
     * batch statistics and updates its running statistics), loss, backward. Overwrites {@link #gradients()}
     * with {@code dL/dparameters}, including the L2 term {@code lambda * w}, and, when this context computes
     * it, the input gradient. Reads the parameter values without changing them (BatchNorm running
     * statistics aside). Allocates nothing.
     *
     * @param x       inputs {@code [batch][inputSize]} from {@code xOff}; not modified
     * @param xOff    offset in {@code x} of the first example's first feature
     * @param batch   examples, in {@code [1, maxBatch()]}
     * @param labels  class labels {@code [batch]} for label losses (else null); not modified
     * @param targets targets {@code [batch][outputSize]} for target losses (else null); not modified
     * @return this context's step, valid until the next call on this context
     * @throws IllegalArgumentException for a batch outside {@code [1, maxBatch()]}, an array too short, or
     *                                  (with input checking on) a non-finite input
     */
    public Step forwardBackward(float[] x, int xOff, int batch, int[] labels, float[] targets) {
        network.checkBatch(x, xOff, batch, maxBatch);
        double dataLoss = slices == null
                ? forwardBackwardChecked(x, xOff, batch, labels, targets)
                : slices.forwardBackward(x, xOff, batch, labels, targets, gradients,
                        activations[activations.length - 1], inputGradient);
        return step.set(batch, dataLoss, l2.apply(gradients), true);
    }

    /**
     * The number of slices a training step cuts its batch into ({@link Network#newTrainingContext(int,
     * boolean, WorkerTeam, int)}).
     *
     * @return 1 when a step runs the whole batch as one, else the fixed slice count {@code S}
     */
    public int slices() {
        return slices == null ? 1 : slices.count();
    }

    /**
     * Forward and backward of a batch already checked, without the L2 term: the data loss, with the
     * gradients, the scores and the input gradient left in this context's buffers (and in its step).
     */
    double forwardBackwardChecked(float[] x, int xOff, int batch, int[] labels, float[] targets) {
        double dataLoss = forward(x, xOff, batch, true, labels, targets, true);
        backward(x, xOff, batch);
        step.set(batch, dataLoss, 0, true);
        return dataLoss;
    }

    /** This context's step after the last call. */
    Step lastStep() {
        return step;
    }

    /**
     * Loss and scores in evaluation mode (dropout off, BatchNorm normalises with its running statistics),
     * without gradients. Modifies nothing outside this context: parameters, running statistics and
     * {@link #gradients()} are untouched. Allocates nothing. Parameters and exceptions as
     * {@link #forwardBackward}.
     *
     * @param x       inputs {@code [batch][inputSize]} from {@code xOff}; not modified
     * @param xOff    offset in {@code x} of the first example's first feature
     * @param batch   examples, in {@code [1, maxBatch()]}
     * @param labels  class labels {@code [batch]} for label losses (else null); not modified
     * @param targets targets {@code [batch][outputSize]} for target losses (else null); not modified
     * @return this context's step (its {@link Step#inputGradient()} is null), valid until the next call
     * @throws IllegalArgumentException for a batch outside {@code [1, maxBatch()]}, an array too short, or
     *                                  (with input checking on) a non-finite input
     */
    public Step evaluate(float[] x, int xOff, int batch, int[] labels, float[] targets) {
        network.checkBatch(x, xOff, batch, maxBatch);
        double dataLoss = forward(x, xOff, batch, false, labels, targets, false);
        return step.set(batch, dataLoss, l2.apply(null), false);
    }

    /**
     * The gradients of the evaluation-mode loss: the forward pass of {@link #evaluate} (dropout passes its input
     * through, BatchNorm normalises with its running statistics), then backward through that same function:
     * dropout's gradient is the identity and BatchNorm's the per-feature affine map of the running statistics
     * ({@code dx = dy * gamma / sqrt(running_var + eps)}, {@code dgamma = sum dy * xhat}, {@code dbeta = sum dy}).
     * Overwrites {@link #gradients()} with {@code dL/dparameters}, the L2 term {@code lambda * w} included, and,
     * when this context computes it, the input gradient; the layers' outputs stay readable with
     * {@link #activation}. For a network without dropout and BatchNorm these are the gradients
     * {@link #forwardBackward} computes on the same batch.
     *
     * <p>Unlike {@link #forwardBackward} it modifies nothing outside this context: the parameters, BatchNorm's
     * running statistics and batch count and every context's dropout counter are left as they were, so a
     * diagnostic pass on a context of its own changes nothing a training step sees (see
     * {@code dev.vecnet.train.Diagnostics}). The whole batch runs on this context (not in slices). Allocates
     * nothing. Parameters and exceptions as {@link #forwardBackward}.
     *
     * @param x       inputs {@code [batch][inputSize]} from {@code xOff}; not modified
     * @param xOff    offset in {@code x} of the first example's first feature
     * @param batch   examples, in {@code [1, maxBatch()]}
     * @param labels  class labels {@code [batch]} for label losses (else null); not modified
     * @param targets targets {@code [batch][outputSize]} for target losses (else null); not modified
     * @return this context's step, valid until the next call on this context
     * @throws IllegalArgumentException for a batch outside {@code [1, maxBatch()]}, an array too short, or
     *                                  (with input checking on) a non-finite input
     */
    public Step evaluateGradients(float[] x, int xOff, int batch, int[] labels, float[] targets) {
        network.checkBatch(x, xOff, batch, maxBatch);
        double dataLoss = forward(x, xOff, batch, false, labels, targets, true);
        backward(x, xOff, batch);
        return step.set(batch, dataLoss, l2.apply(gradients), true);
    }

    /**
     * The loss (data loss plus L2 penalty) of a training-mode forward without backward, for gradient
     * checking: draws dropout masks (or replays them) and updates BatchNorm's running statistics.
     */
    double trainingLoss(float[] x, int xOff, int batch, int[] labels, float[] targets) {
        network.checkBatch(x, xOff, batch, maxBatch);
        return forward(x, xOff, batch, true, labels, targets, false) + l2.apply(null);
    }

    /** Runs the layers and the loss; with {@code lossGradient}, also writes dLoss/dscores for backward. */
    private double forward(float[] x, int xOff, int batch, boolean training, int[] labels, float[] targets,
                           boolean lossGradient) {
        float[] in = x;
        int inOff = xOff;
        for (int i = 0; i < layers.length; i++) {
            layers[i].forward(states[i], in, inOff, activations[i], batch, training);
            in = activations[i];
            inOff = 0;
        }
        return network.loss().compute(in, batch, network.outputSize(), labels, targets, lossGradient ? dScores : null);
    }

    /** Backpropagates the dScores of the last forward through every layer, last to first. */
    private void backward(float[] x, int xOff, int batch) {
        float[] dy = dScores;
        for (int i = layers.length - 1; i >= 0; i--) {
            float[] dx = i > 0 ? boundaryGradients[i] : inputGradient;
            float[] in = i > 0 ? activations[i - 1] : x;
            int inOff = i > 0 ? 0 : xOff;
            layers[i].backward(states[i], in, inOff, activations[i], dy, dx, gradients, batch);
            dy = dx;
        }
    }

    /**
     * The result of this context's last {@link #forwardBackward} or {@link #evaluate}: a reusable view,
     * one per context, whose values change with the next call on the context.
     */
    public final class Step {
        private int batch;
        private double dataLoss;
        private double penalty;
        private boolean backward;

        private Step() {
        }

        private Step set(int batch, double dataLoss, double penalty, boolean backward) {
            this.batch = batch;
            this.dataLoss = dataLoss;
            this.penalty = penalty;
            this.backward = backward;
            return this;
        }

        /**
         * The loss: mean data loss plus the L2 penalty {@code (lambda / 2) sum w^2}.
         *
         * @return {@link #dataLoss()} plus the penalty, the quantity whose gradient {@link #forwardBackward}
         *         computes
         */
        public double loss() {
            return dataLoss + penalty;
        }

        /**
         * The mean data loss over the batch, without the L2 penalty.
         *
         * @return the data loss averaged over {@link #batch()} examples
         */
        public double dataLoss() {
            return dataLoss;
        }

        /**
         * Examples in the batch.
         *
         * @return the {@code batch} of the last call, in {@code [1, maxBatch()]}
         */
        public int batch() {
            return batch;
        }

        /**
         * The output scores {@code [batch][outputSize]} from offset 0: a live buffer of the context (longer
         * than {@code batch * outputSize} when the batch is smaller than the context's maximum).
         *
         * @return the last layer's output buffer, overwritten by the next call on the context
         */
        public float[] scores() {
            return activations[activations.length - 1];
        }

        /**
         * {@code dL/dx} {@code [batch][inputSize]} from offset 0 after {@link #forwardBackward} on a context
         * created with the input gradient; null otherwise (and after {@link #evaluate}). A live buffer.
         *
         * @return the context's input-gradient buffer, overwritten by the next {@link #forwardBackward}; or
         *         null
         */
        public float[] inputGradient() {
            return backward ? inputGradient : null;
        }
    }
}
