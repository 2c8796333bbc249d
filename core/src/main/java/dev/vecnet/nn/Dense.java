package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.Epilogue;
import dev.vecnet.kernel.Gemm;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.kernel.PackedMatrix;

import java.util.SplittableRandom;

/**
 * Fully-connected layer, PyTorch's {@code nn.Linear}: {@code y = x W^T + b}, with {@code W} stored
 * {@code [out][in]} and {@code b} {@code [out]}; optionally followed by a ReLU or leaky ReLU fused into
 * the matrix multiply's epilogue (the builder fuses {@code dense().relu()}).
 *
 * <p>Forward multiplies by {@code W^T} packed ahead ({@link PackedMatrix}). {@link #parametersChanged()}
 * only marks that pack stale; the first forward afterwards that uses it repacks it (once, under a lock,
 * so concurrent inference contexts are safe). Training forwards, which follow every optimizer step, pick
 * the cheapest of three forms, all giving the same bits (each element is the same sequence of FMAs, and
 * bias then activation are applied in the same order):
 * <ul>
 *   <li>tiny products ({@link Gemm#isSmallProduct}): {@code X W^T} with {@code W} read
 *       in place, which the GEMM runs unpacked; no repack at all;</li>
 *   <li>weights much larger than the batch ({@code out * in > 2 batch (in + out)}): {@code Y^T = W X^T},
 *       so the GEMM transposes the smaller {@code X} instead of {@code W}, then
 *       {@link #biasActivationTransposed}; no repack. Transposing an element costs several times copying
 *       one, hence the factor 2 (measured: 784 -> 256 at batch 64 gains 15 %; 1024 -> 1024 at batch 256,
 *       whose weights do not fit in L2, would lose 2 %, and stays on the packed form);</li>
 *   <li>otherwise the packed form, repacking first if stale.</li>
 * </ul>
 *
 * <p>Backward, with {@code dz} the gradient before the activation:
 * <pre>
 *   dz = dy * act'(y)          (in place in dy; y > 0 exactly where the pre-activation was > 0)
 *   dW = dz^T x                ([out][batch] x [batch][in])
 *   db = sum over rows of dz
 *   dx = dz W                  ([batch][out] x [out][in])
 * </pre>
 */
public final class Dense extends Layer {
    private final Init init;
    private final Epilogue activation;
    private final float slope;
    private ParameterTensor weight;
    private ParameterTensor bias;
    private float[] values;
    private PackedMatrix packedWeightT;
    /** Whether the parameters changed since {@link #packedWeightT} was packed. */
    private volatile boolean packStale;

    Dense(int inputSize, int outputSize, Init init, Epilogue activation, float slope) {
        super(inputSize, outputSize);
        if (activation == Epilogue.LEAKY_RELU && !(slope > 0f)) {
            // Backward reads the sign of the pre-activation from the output; that needs a positive slope.
            throw new IllegalArgumentException("a fused leaky ReLU needs a slope > 0, was " + slope);
        }
        this.init = init;
        this.activation = activation;
        this.slope = slope;
    }

    @Override
    public String describe() {
        String act = activation == Epilogue.RELU ? ", relu" : activation == Epilogue.LEAKY_RELU ? ", leaky_relu(" + slope + ")" : "";
        return "dense(" + inputSize() + " -> " + outputSize() + act + ")";
    }

    /**
     * The activation fused after the product ({@link Epilogue#IDENTITY} for none).
     *
     * @return the activation applied in the GEMM epilogue; {@link Epilogue#IDENTITY} for none
     */
    public Epilogue activation() {
        return activation;
    }

    /**
     * The negative slope of a fused leaky ReLU.
     *
     * @return the leaky ReLU's negative slope; unused by the other activations
     */
    public float slope() {
        return slope;
    }

    /**
     * The weight initialiser.
     *
     * @return the initialiser the weights were filled with
     */
    public Init init() {
        return init;
    }

    @Override
    public java.util.List<ParameterTensor> tensors() {
        return java.util.List.of(weight, bias);
    }

    @Override
    void declare(Parameters.Layout layout, String prefix) {
        weight = layout.add(prefix + "weight", outputSize(), inputSize(), false, true, true);
        bias = layout.add(prefix + "bias", 1, outputSize(), true, false, true);
    }

    @Override
    void bind(Parameters parameters, SplittableRandom random) {
        values = parameters.values();
        init.fill(values, weight.offset(), weight.size(), inputSize(), outputSize(), random);
        Init.ZEROS.fill(values, bias.offset(), bias.size(), inputSize(), outputSize(), random);
        packedWeightT = PackedMatrix.pack(true, inputSize(), outputSize(), values, weight.offset(), inputSize());
    }

    @Override
    void parametersChanged() {
        packStale = true;
    }

    /** Repacks {@code W^T} if the parameters changed since the last pack. */
    private void ensurePacked() {
        if (packStale) {
            synchronized (this) {
                if (packStale) {
                    packedWeightT.repack(true, values, weight.offset(), inputSize());
                    packStale = false;
                }
            }
        }
    }

    /**
     * Per-context state: {@code Y^T [out][batch]} for the transposed forward (null when no training batch
     * takes it), the team and the split passes around the products.
     */
    private final class State extends LayerCall {
        final float[] transposedOutput;
        /** The transposed form's epilogue over rows of y (columns of Y^T). */
        final WorkerTeam.Range epilogueRows = (part, from, to) ->
                biasActivationTransposed(outputSize(), from, to, batch, dy, y);
        /** {@code dz = dy * act'(y)} over elements. */
        final WorkerTeam.Range activationBackward = (part, from, to) -> activationBackward(y, dy, from, to);
        /** {@code db = sum over rows of dz} over columns. */
        final WorkerTeam.Range biasGradient = (part, from, to) -> Elementwise.columnSums(batch, to - from, dy, from,
                outputSize(), dParameters, bias.offset() + from);

        State(int batches, WorkerTeam team) {
            super(team);
            transposedOutput = batches > 0 ? new float[Math.multiplyExact(batches, outputSize())] : null;
        }
    }

    /** Whether a training forward of {@code batch} rows takes the transposed form {@code Y^T = W X^T}. */
    private boolean transposedForward(int batch) {
        long in = inputSize();
        long out = outputSize();
        return out * in > 2L * batch * (in + out);
    }

    @Override
    LayerState newState(int maxBatch, boolean forTraining, WorkerTeam team) {
        // Room for the largest batch that takes the transposed form, if any does.
        long in = inputSize();
        long out = outputSize();
        int largest = forTraining ? (int) Math.min(maxBatch, (out * in - 1) / (2L * (in + out))) : 0;
        return forTraining || team != null ? new State(Math.max(0, largest), team) : LayerState.NONE;
    }

    @Override
    void forward(LayerState state, float[] x, int xOff, float[] y, int batch, boolean training) {
        int in = inputSize();
        int out = outputSize();
        State s = state instanceof State st ? st : null;
        WorkerTeam team = s == null ? null : s.team;
        if (training && Gemm.isSmallProduct(batch, out, in)) {
            Gemm.sgemm(false, true, batch, out, in, 1f, x, xOff, in, values, weight.offset(), in, 0f, y, 0, out,
                    values, bias.offset(), activation, slope, team);
        } else if (training && transposedForward(batch) && s != null && s.transposedOutput != null) {
            float[] yT = s.transposedOutput;
            Gemm.sgemm(false, true, out, batch, in, 1f, values, weight.offset(), in, x, xOff, in, 0f, yT, 0, batch,
                    null, 0, Epilogue.IDENTITY, 0f, team);
            s.set(x, xOff, y, yT, null, null, batch);
            WorkerTeam.forEachRow(team, batch, out, s.epilogueRows);
            s.clear();
        } else {
            ensurePacked();
            Gemm.sgemm(false, batch, 1f, x, xOff, in, packedWeightT, 0f, y, 0, out,
                    values, bias.offset(), activation, slope, team);
        }
    }

    /**
     * {@code y[b][o] = act(yT[o][b] + bias[o])} for rows {@code b} in {@code [from, to)} of
     * {@code y [batch][out]}, from {@code yT [out][batch]}: the GEMM epilogue's bias and activation in its
     * order (sum, then activation, each rounded as there), after a transposing copy, so the result has the
     * bits of the fused forms.
     */
    private void biasActivationTransposed(int out, int from, int to, int batch, float[] yT, float[] y) {
        int rows = to - from;
        Elementwise.transpose(out, rows, yT, from, batch, y, from * out, out);
        for (int i = from; i < to; i++) {
            Elementwise.axpy(out, 1f, values, bias.offset(), y, i * out);
        }
        if (activation == Epilogue.RELU) {
            Elementwise.relu(rows * out, y, from * out, y, from * out);
        } else if (activation == Epilogue.LEAKY_RELU) {
            Elementwise.leakyRelu(rows * out, slope, y, from * out, y, from * out);
        }
    }

    /** {@code dz = dy * act'(y)} in place in dy, over elements {@code [from, to)}. */
    private void activationBackward(float[] y, float[] dy, int from, int to) {
        if (activation == Epilogue.RELU) {
            Elementwise.reluBackward(to - from, y, from, dy, from, dy, from);
        } else if (activation == Epilogue.LEAKY_RELU) {
            Elementwise.leakyReluBackward(to - from, slope, y, from, dy, from, dy, from);
        }
    }

    @Override
    void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx, float[] dParameters,
                  int batch) {
        int in = inputSize();
        int out = outputSize();
        // Training contexts always give dense layers a State (see newState).
        State s = (State) state;
        WorkerTeam team = s.team;
        s.set(x, xOff, y, dy, dx, dParameters, batch);
        if (activation != Epilogue.IDENTITY) {
            WorkerTeam.forEachElement(team, batch * out, s.activationBackward);
        }
        // dW = dz^T x is summed over the batch: the team splits it along out or in, never the batch.
        Gemm.sgemm(true, false, out, in, batch, 1f, dy, 0, out, x, xOff, in, 0f, dParameters, weight.offset(), in,
                null, 0, Epilogue.IDENTITY, 0f, team);
        WorkerTeam.forEachColumn(team, batch, out, s.biasGradient);
        if (dx != null) {
            Gemm.sgemm(false, false, batch, in, out, 1f, dy, 0, out, values, weight.offset(), in, 0f, dx, 0, in,
                    null, 0, Epilogue.IDENTITY, 0f, team);
        }
        s.clear();
    }
}
