package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.Epilogue;

import java.util.SplittableRandom;

/**
 * Maxout (Goodfellow et al., 2013): {@code y_u = max_j (w_{u,j} x + b_{u,j})} over {@code pieces}
 * linear pieces per unit. Stored as one linear map with {@code units * pieces} outputs, piece-major
 * within a unit (row {@code u * pieces + j} of {@code weight [units*pieces][in]}). Backward routes each
 * unit's gradient to its winning piece (the first on ties) and then through the linear map.
 */
public final class Maxout extends Layer {
    private final int pieces;
    private final Dense linear;

    Maxout(int inputSize, int units, int pieces, Init init) {
        super(inputSize, units);
        // pieces was checked by LayerSpec.Maxout, the only way here.
        this.pieces = pieces;
        this.linear = new Dense(inputSize, Math.multiplyExact(units, pieces), init, Epilogue.IDENTITY, 0f);
    }

    /**
     * Linear pieces per unit.
     *
     * @return the number of linear pieces per unit, {@code >= 1}
     */
    public int pieces() {
        return pieces;
    }

    @Override
    public String describe() {
        return "maxout(" + inputSize() + " -> " + outputSize() + " x " + pieces + ")";
    }

    @Override
    void declare(Parameters.Layout layout, String prefix) {
        linear.declare(layout, prefix);
    }

    @Override
    void bind(Parameters parameters, SplittableRandom random) {
        linear.bind(parameters, random);
    }

    @Override
    void parametersChanged() {
        linear.parametersChanged();
    }

    static final class State implements LayerState {
        final float[] pieceValues;
        final float[] pieceGradients;
        final int[] winners;

        State(int maxBatch, int units, int pieces, boolean forTraining) {
            pieceValues = new float[maxBatch * units * pieces];
            pieceGradients = forTraining ? new float[maxBatch * units * pieces] : null;
            winners = new int[maxBatch * units];
        }
    }

    @Override
    LayerState newState(int maxBatch, boolean forTraining) {
        return new State(maxBatch, outputSize(), pieces, forTraining);
    }

    @Override
    void forward(LayerState state, float[] x, int xOff, float[] y, int batch, boolean training) {
        State s = (State) state;
        int width = outputSize() * pieces;
        linear.forward(LayerState.NONE, x, xOff, s.pieceValues, batch, training);
        Elementwise.maxout(batch, outputSize(), pieces, s.pieceValues, 0, width, y, 0, outputSize(), s.winners, 0);
    }

    @Override
    void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx, float[] dParameters,
                  int batch) {
        State s = (State) state;
        int width = outputSize() * pieces;
        Elementwise.maxoutBackward(batch, outputSize(), pieces, s.winners, 0, dy, 0, outputSize(), s.pieceGradients, 0, width);
        linear.backward(LayerState.NONE, x, xOff, s.pieceValues, s.pieceGradients, dx, dParameters, batch);
    }
}
