package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.WorkerTeam;

/**
 * Inverted dropout, PyTorch's {@code nn.Dropout(p)}: in training each element is zeroed with
 * probability {@code p} and the survivors are scaled by {@code 1 / (1 - p)}, so evaluation is the
 * identity. The mask ({@code 0} or {@code 1/(1-p)} per element) is kept for backward:
 * {@code dx = dy * mask}.
 *
 * <p>Masks come from a counter-based generator: a seed and a per-context counter that advances by the
 * number of elements each training forward, so runs are reproducible. Training contexts use the layer's
 * seed; a sampling state ({@link #newSamplingState}, for {@link MonteCarloDropout}) has its own seed and
 * draws a mask in evaluation mode too.
 *
 * <p>Backward after an evaluation-mode forward ({@link TrainingContext#evaluateGradients}) is that of the
 * identity: {@code dx = dy}.
 */
public final class Dropout extends Layer {
    private final float p;
    private final long seed;

    Dropout(int size, float p, long seed) {
        super(size, size);
        // p was checked by LayerSpec.Dropout, the only way here.
        this.p = p;
        this.seed = seed;
    }

    /**
     * The probability of dropping an element.
     *
     * @return the drop probability, in [0, 1)
     */
    public float p() {
        return p;
    }

    @Override
    public String describe() {
        return "dropout(" + p + ")";
    }

    /** Per-context mask and counter, and the passes split by elements. */
    static final class State extends LayerCall {
        final float[] mask;
        final long seed;
        final boolean sampleInEvaluation;
        final float p;
        long counter;
        boolean replayMask;
        /** Whether the last forward on this state was an evaluation (the identity): backward then passes dy on. */
        boolean evaluated;
        /** Draws the mask of elements {@code [from, to)}: the hash of {@code counter + i} does not depend on the cut. */
        final WorkerTeam.Range drawMask;
        /** {@code y = x * mask} (forward replaying the mask) over elements. */
        final WorkerTeam.Range applyMask;
        /** {@code dx = dy * mask} over elements. */
        final WorkerTeam.Range maskGradient;

        State(int maxBatch, int size, float p, long seed, boolean sampleInEvaluation, WorkerTeam team) {
            super(team);
            mask = new float[maxBatch * size];
            this.p = p;
            this.seed = seed;
            this.sampleInEvaluation = sampleInEvaluation;
            drawMask = (part, from, to) ->
                    Elementwise.dropout(to - from, p, seed, counter + from, x, xOff + from, mask, from, y, from);
            applyMask = (part, from, to) -> Elementwise.multiply(to - from, x, xOff + from, mask, from, y, from);
            maskGradient = (part, from, to) -> Elementwise.multiply(to - from, dy, from, mask, from, dx, from);
        }
    }

    @Override
    LayerState newState(int maxBatch, boolean forTraining, WorkerTeam team) {
        // Evaluation is the identity: inference contexts need no mask.
        return forTraining ? new State(maxBatch, inputSize(), p, seed, false, team) : LayerState.NONE;
    }

    LayerState newSamplingState(int maxBatch, long sampleSeed) {
        return new State(maxBatch, inputSize(), p, sampleSeed, true, null);
    }

    @Override
    void forward(LayerState state, float[] x, int xOff, float[] y, int batch, boolean training) {
        int n = batch * inputSize();
        if (!training && !(state instanceof State sampling && sampling.sampleInEvaluation)) {
            System.arraycopy(x, xOff, y, 0, n);
            if (state instanceof State evaluation) {
                evaluation.evaluated = true;
            }
            return;
        }
        State s = (State) state;
        s.evaluated = false;
        s.set(x, xOff, y, null, null, null, batch);
        WorkerTeam.forEachElement(s.team, n, s.replayMask ? s.applyMask : s.drawMask);
        s.clear();
        if (!s.replayMask) {
            s.counter += n;
        }
    }

    @Override
    void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx, float[] dParameters,
                  int batch) {
        if (dx != null) {
            State s = (State) state;
            if (s.evaluated) {
                // After an evaluation-mode forward (TrainingContext.evaluateGradients) the layer was the identity.
                System.arraycopy(dy, 0, dx, 0, batch * inputSize());
                return;
            }
            s.set(x, xOff, y, dy, dx, dParameters, batch);
            WorkerTeam.forEachElement(s.team, batch * inputSize(), s.maskGradient);
            s.clear();
        }
    }
}
