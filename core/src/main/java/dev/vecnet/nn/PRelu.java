package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.WorkerTeam;

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
    public java.util.List<ParameterTensor> tensors() {
        return java.util.List.of(slope);
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

    /** The team and the passes of one context: forward by rows, a per-feature backward by columns. */
    private final class State extends LayerCall {
        final WorkerTeam.Range forwardRows = (part, from, to) -> forwardRows(x, xOff, y, from, to);
        final WorkerTeam.Range backwardColumns = (part, from, to) -> backwardColumns(x, xOff, dy, dx, dParameters,
                batch, from, to);

        State(WorkerTeam team) {
            super(team);
        }
    }

    @Override
    LayerState newState(int maxBatch, boolean forTraining, WorkerTeam team) {
        return team == null ? LayerState.NONE : new State(team);
    }

    @Override
    void forward(LayerState state, float[] x, int xOff, float[] y, int batch, boolean training) {
        if (state instanceof State s) {
            s.set(x, xOff, y, null, null, null, batch);
            WorkerTeam.forEachRow(s.team, batch, inputSize(), s.forwardRows);
            s.clear();
        } else {
            forwardRows(x, xOff, y, 0, batch);
        }
    }

    private void forwardRows(float[] x, int xOff, float[] y, int from, int to) {
        int f = inputSize();
        Elementwise.prelu(to - from, f, x, xOff + from * f, f, values, slope.offset(), perFeature, y, from * f, f);
    }

    @Override
    void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx, float[] dParameters,
                  int batch) {
        // The input gradient is needed for the slope gradient's kernel pass either way; dy is ours to reuse.
        float[] dxOut = dx != null ? dx : dy;
        if (perFeature && state instanceof State s) {
            // Each slope's gradient sums its own column over the rows: columns split exactly.
            s.set(x, xOff, null, dy, dxOut, dParameters, batch);
            WorkerTeam.forEachColumn(s.team, batch, inputSize(), s.backwardColumns);
            s.clear();
        } else {
            // One shared slope sums the whole matrix in lane partial sums: kept on one thread, whole.
            backwardColumns(x, xOff, dy, dxOut, dParameters, batch, 0, inputSize());
        }
    }

    private void backwardColumns(float[] x, int xOff, float[] dy, float[] dx, float[] dParameters, int batch,
                                 int from, int to) {
        int f = inputSize();
        int slopeAt = slope.offset() + (perFeature ? from : 0);
        Elementwise.preluBackward(batch, to - from, x, xOff + from, f, values, slopeAt, perFeature, dy, from, f,
                dx, from, f, dParameters, slopeAt);
    }
}
