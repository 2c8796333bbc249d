package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.Epilogue;
import dev.vecnet.kernel.WorkerTeam;

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
    public java.util.List<ParameterTensor> tensors() {
        return linear.tensors();
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

    /** Per-context buffers, the linear part's state, and the maxout passes split by rows. */
    final class State extends LayerCall {
        final float[] pieceValues;
        final float[] pieceGradients;
        final int[] winners;
        final LayerState linearState;
        final WorkerTeam.Range forwardRows = (part, from, to) -> forwardRows(this, from, to);
        final WorkerTeam.Range backwardRows = (part, from, to) -> backwardRows(this, from, to);

        State(int maxBatch, boolean forTraining, WorkerTeam team) {
            super(team);
            int units = outputSize();
            pieceValues = new float[maxBatch * units * pieces];
            pieceGradients = forTraining ? new float[maxBatch * units * pieces] : null;
            winners = new int[maxBatch * units];
            linearState = linear.newState(maxBatch, forTraining, team);
        }
    }

    @Override
    LayerState newState(int maxBatch, boolean forTraining, WorkerTeam team) {
        return new State(maxBatch, forTraining, team);
    }

    @Override
    void forward(LayerState state, float[] x, int xOff, float[] y, int batch, boolean training) {
        State s = (State) state;
        linear.forward(s.linearState, x, xOff, s.pieceValues, batch, training);
        s.set(x, xOff, y, null, null, null, batch);
        WorkerTeam.forEachRow(s.team, batch, outputSize() * pieces, s.forwardRows);
        s.clear();
    }

    private void forwardRows(State s, int from, int to) {
        int units = outputSize();
        int width = units * pieces;
        Elementwise.maxout(to - from, units, pieces, s.pieceValues, from * width, width, s.y, from * units, units,
                s.winners, from * units);
    }

    @Override
    void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx, float[] dParameters,
                  int batch) {
        State s = (State) state;
        s.set(x, xOff, y, dy, dx, dParameters, batch);
        WorkerTeam.forEachRow(s.team, batch, outputSize() * pieces, s.backwardRows);
        s.clear();
        linear.backward(s.linearState, x, xOff, s.pieceValues, s.pieceGradients, dx, dParameters, batch);
    }

    private void backwardRows(State s, int from, int to) {
        int units = outputSize();
        int width = units * pieces;
        Elementwise.maxoutBackward(to - from, units, pieces, s.winners, from * units, s.dy, from * units, units,
                s.pieceGradients, from * width, width);
    }
}
