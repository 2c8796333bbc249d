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
 * <p>Forward multiplies by {@code W^T} packed once ({@link PackedMatrix}); the pack is refreshed by
 * {@link #parametersChanged()}. Backward, with {@code dz} the gradient before the activation:
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
    private float[] gradients;
    private PackedMatrix packedWeightT;

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

    /** The activation fused after the product ({@link Epilogue#IDENTITY} for none). */
    public Epilogue activation() {
        return activation;
    }

    /** The negative slope of a fused leaky ReLU. */
    public float slope() {
        return slope;
    }

    /** The weight initialiser. */
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
        gradients = parameters.gradients();
        init.fill(values, weight.offset(), weight.size(), inputSize(), outputSize(), random);
        Init.ZEROS.fill(values, bias.offset(), bias.size(), inputSize(), outputSize(), random);
        packedWeightT = PackedMatrix.pack(true, inputSize(), outputSize(), values, weight.offset(), inputSize());
    }

    @Override
    void parametersChanged() {
        packedWeightT.repack(true, values, weight.offset(), inputSize());
    }

    @Override
    void forward(LayerState state, float[] x, int xOff, float[] y, int batch, boolean training) {
        Gemm.sgemm(false, batch, 1f, x, xOff, inputSize(), packedWeightT, 0f, y, 0, outputSize(),
                values, bias.offset(), activation, slope, null);
    }

    @Override
    void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx, int batch) {
        int in = inputSize();
        int out = outputSize();
        int n = batch * out;
        if (activation == Epilogue.RELU) {
            Elementwise.reluBackward(n, y, 0, dy, 0, dy, 0);
        } else if (activation == Epilogue.LEAKY_RELU) {
            Elementwise.leakyReluBackward(n, slope, y, 0, dy, 0, dy, 0);
        }
        Gemm.sgemm(true, false, out, in, batch, 1f, dy, 0, out, x, xOff, in, 0f, gradients, weight.offset(), in);
        Elementwise.columnSums(batch, out, dy, 0, out, gradients, bias.offset());
        if (dx != null) {
            Gemm.sgemm(false, false, batch, in, out, 1f, dy, 0, out, values, weight.offset(), in, 0f, dx, 0, in);
        }
    }
}
