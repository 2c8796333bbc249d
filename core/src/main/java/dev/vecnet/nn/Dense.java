package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.Epilogue;
import dev.vecnet.kernel.Gemm;
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

    /** Training buffer: {@code Y^T [out][batch]} for the transposed forward. */
    private static final class State implements LayerState {
        final float[] transposedOutput;

        State(int batches, int out) {
            transposedOutput = new float[Math.multiplyExact(batches, out)];
        }
    }

    /** Whether a training forward of {@code batch} rows takes the transposed form {@code Y^T = W X^T}. */
    private boolean transposedForward(int batch) {
        long in = inputSize();
        long out = outputSize();
        return out * in > 2L * batch * (in + out);
    }

    @Override
    LayerState newState(int maxBatch, boolean forTraining) {
        // Room for the largest batch that takes the transposed form, if any does.
        long in = inputSize();
        long out = outputSize();
        int largest = (int) Math.min(maxBatch, (out * in - 1) / (2L * (in + out)));
        return forTraining && largest >= 1 ? new State(largest, outputSize()) : LayerState.NONE;
    }

    @Override
    void forward(LayerState state, float[] x, int xOff, float[] y, int batch, boolean training) {
        int in = inputSize();
        int out = outputSize();
        if (training && Gemm.isSmallProduct(batch, out, in)) {
            Gemm.sgemm(false, true, batch, out, in, 1f, x, xOff, in, values, weight.offset(), in, 0f, y, 0, out,
                    values, bias.offset(), activation, slope, null);
        } else if (training && transposedForward(batch) && state instanceof State s) {
            float[] yT = s.transposedOutput;
            Gemm.sgemm(false, true, out, batch, in, 1f, values, weight.offset(), in, x, xOff, in, 0f, yT, 0, batch);
            biasActivationTransposed(out, batch, yT, values, bias.offset(), activation, slope, y);
        } else {
            ensurePacked();
            Gemm.sgemm(false, batch, 1f, x, xOff, in, packedWeightT, 0f, y, 0, out,
                    values, bias.offset(), activation, slope, null);
        }
    }

    /**
     * {@code y[b][o] = act(yT[o][b] + bias[o])} for {@code yT [out][batch]}, {@code y [batch][out]}: the
     * GEMM epilogue's bias and activation in its order (sum, then activation, each rounded as there),
     * after a transposing copy, so the result has the bits of the fused forms.
     */
    static void biasActivationTransposed(int out, int batch, float[] yT, float[] bias, int biasOff,
                                         Epilogue act, float slope, float[] y) {
        Elementwise.transpose(out, batch, yT, 0, batch, y, 0, out);
        for (int i = 0; i < batch; i++) {
            Elementwise.axpy(out, 1f, bias, biasOff, y, i * out);
        }
        if (act == Epilogue.RELU) {
            Elementwise.relu(batch * out, y, 0, y, 0);
        } else if (act == Epilogue.LEAKY_RELU) {
            Elementwise.leakyRelu(batch * out, slope, y, 0, y, 0);
        }
    }

    @Override
    void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx, float[] dParameters,
                  int batch) {
        int in = inputSize();
        int out = outputSize();
        int n = batch * out;
        if (activation == Epilogue.RELU) {
            Elementwise.reluBackward(n, y, 0, dy, 0, dy, 0);
        } else if (activation == Epilogue.LEAKY_RELU) {
            Elementwise.leakyReluBackward(n, slope, y, 0, dy, 0, dy, 0);
        }
        Gemm.sgemm(true, false, out, in, batch, 1f, dy, 0, out, x, xOff, in, 0f, dParameters, weight.offset(), in);
        Elementwise.columnSums(batch, out, dy, 0, out, dParameters, bias.offset());
        if (dx != null) {
            Gemm.sgemm(false, false, batch, in, out, 1f, dy, 0, out, values, weight.offset(), in, 0f, dx, 0, in);
        }
    }
}
