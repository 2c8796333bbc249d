package dev.vecnet.nn;

import dev.vecnet.kernel.WorkerTeam;

/**
 * One stage of a {@link Network}: a {@code forward}/{@code backward} pair over row-major batches.
 *
 * <p>Shapes: the input {@code x} is {@code [batch][inputSize()]} (row stride {@code inputSize()}) from
 * {@code xOff}; the output {@code y} is {@code [batch][outputSize()]} from offset 0 in a buffer the
 * context owns. Backward receives {@code dy = dLoss/dy} of the output's shape, may overwrite it, writes
 * this layer's parameter gradients into {@code dParameters} (the context's flat gradient array, laid out
 * like {@link Parameters#values()}; overwriting its own tensors' ranges, not accumulating) and, when
 * {@code dx} is not null, {@code dx = dLoss/dx}.
 *
 * <p>Per-batch buffers a layer needs between forward and backward (BatchNorm's normalised input,
 * Dropout's mask) live in a {@link LayerState} created per context, so that one set of weights can
 * serve many threads, each with its own buffers. Parameters live in the network's {@link Parameters}.
 *
 * <p>Layers are created from {@link LayerSpec}s when a {@link Network} is built; the class cannot be
 * extended outside this package.
 * Thread-safety: forward only reads the parameters (except BatchNorm's running statistics in training
 * mode) and backward writes only into the context's buffers, so contexts on different threads may run
 * them concurrently; see {@link TrainingContext}.
 */
public abstract class Layer {
    private final int inputSize;
    private final int outputSize;

    Layer(int inputSize, int outputSize) {
        if (inputSize <= 0 || outputSize <= 0) {
            throw new IllegalArgumentException("layer sizes must be positive, were " + inputSize + " -> " + outputSize);
        }
        this.inputSize = inputSize;
        this.outputSize = outputSize;
    }

    /**
     * Features per example going in.
     *
     * @return the number of input features, {@code >= 1}
     */
    public final int inputSize() {
        return inputSize;
    }

    /**
     * Features per example coming out.
     *
     * @return the number of output features, {@code >= 1}
     */
    public final int outputSize() {
        return outputSize;
    }

    /**
     * A short description with the settings, e.g. {@code dense(784 -> 128, relu)}.
     *
     * @return the layer's kind, sizes and settings as one short line
     */
    public abstract String describe();

    @Override
    public String toString() {
        return describe();
    }

    /**
     * This layer's parameter tensors, views of the network's {@link Parameters}, in the order they sit there
     * (a dense layer's {@code weight} and {@code bias}; BatchNorm's {@code weight}, {@code bias},
     * {@code running_mean} and {@code running_var}).
     *
     * @return an unmodifiable list; empty for a layer without parameters
     */
    public java.util.List<ParameterTensor> tensors() {
        return java.util.List.of();
    }

    /** Adds this layer's tensors to the layout, named {@code prefix + name}. */
    void declare(Parameters.Layout layout, String prefix) {
    }

    /** Called once the flat arrays exist: keep references, write initial values. */
    void bind(Parameters parameters, java.util.SplittableRandom random) {
    }

    /** The parameter values changed (optimizer step, loading): refresh anything derived from them. */
    void parametersChanged() {
    }

    /**
     * Buffers for one context able to run batches of up to {@code maxBatch} examples; buffers that only
     * training needs are left out when {@code forTraining} is false. With a {@code team}, the state also
     * holds the tasks that split this layer's passes across it (see {@link WorkerTeam#forEachRow} and its siblings, the one split policy).
     */
    LayerState newState(int maxBatch, boolean forTraining, WorkerTeam team) {
        return LayerState.NONE;
    }

    /** {@code y = f(x)} for {@code batch} examples; in training mode also keeps what backward needs. */
    abstract void forward(LayerState state, float[] x, int xOff, float[] y, int batch, boolean training);

    /**
     * Gradients for the last training-mode forward of this context: this layer's parameter gradients into
     * {@code dParameters} at its tensors' offsets, and {@code dx} unless it is null. {@code y} is this
     * layer's output from that forward.
     */
    abstract void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx,
                           float[] dParameters, int batch);
}
