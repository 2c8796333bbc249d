package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;

import java.util.SplittableRandom;

/**
 * PyTorch's {@code nn.PReLU}: {@code y = x > 0 ? x : a * x} with a learned slope {@code a}, one for
 * all features or one per feature ({@code [features]}), initialised to 0.25 as in PyTorch. Backward:
 * {@code dx = x > 0 ? dy : a * dy}; {@code da = sum of x * dy where x <= 0} (over examples, and over
 * features when shared). The slope is not L2-regularised.
 */
public final class PRelu extends Layer {
    private final boolean perFeature;
    private ParameterTensor slope;
    private float[] values;

    PRelu(int size, boolean perFeature) {
        super(size, size);
        this.perFeature = perFeature;
    }

    /**
     * Whether each feature has its own slope.
     *
     * @return true if each feature has its own slope, false if one slope is shared
     */
    public boolean perFeature() {
        return perFeature;
    }

    @Override
    public String describe() {
        return perFeature ? "prelu(" + inputSize() + ")" : "prelu";
    }

    @Override
    void declare(Parameters.Layout layout, String prefix) {
        slope = layout.add(prefix + "weight", 1, perFeature ? inputSize() : 1, true, false, true);
    }

    @Override
    void bind(Parameters parameters, SplittableRandom random) {
        values = parameters.values();
        java.util.Arrays.fill(values, slope.offset(), slope.offset() + slope.size(), 0.25f);
    }

    @Override
    void forward(LayerState state, float[] x, int xOff, float[] y, int batch, boolean training) {
        Elementwise.prelu(batch, inputSize(), x, xOff, inputSize(), values, slope.offset(), perFeature, y, 0, inputSize());
    }

    @Override
    void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx, float[] dParameters,
                  int batch) {
        int f = inputSize();
        // The input gradient is needed for the slope gradient's kernel pass either way; dy is ours to reuse.
        float[] dxOut = dx != null ? dx : dy;
        Elementwise.preluBackward(batch, f, x, xOff, f, values, slope.offset(), perFeature, dy, 0, f,
                dxOut, 0, f, dParameters, slope.offset());
    }
}
