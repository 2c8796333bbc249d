package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;

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

    static final class State implements LayerState {
        final float[] mask;
        final long seed;
        /** Whether masks are drawn in evaluation mode too (Monte-Carlo dropout). */
        final boolean sampleInEvaluation;
        long counter;
        /** Reuse the current mask instead of drawing a new one (gradient checking). */
        boolean replayMask;

        State(int maxBatch, int size, long seed, boolean sampleInEvaluation) {
            mask = new float[maxBatch * size];
            this.seed = seed;
            this.sampleInEvaluation = sampleInEvaluation;
        }
    }

    @Override
    LayerState newState(int maxBatch, boolean forTraining) {
        // Evaluation is the identity: inference contexts need no mask.
        return forTraining ? new State(maxBatch, inputSize(), seed, false) : LayerState.NONE;
    }

    /** A state that draws masks from {@code sampleSeed} in evaluation mode as well as in training. */
    LayerState newSamplingState(int maxBatch, long sampleSeed) {
        return new State(maxBatch, inputSize(), sampleSeed, true);
    }

    @Override
    void forward(LayerState state, float[] x, int xOff, float[] y, int batch, boolean training) {
        int n = batch * inputSize();
        if (!training && !(state instanceof State sampling && sampling.sampleInEvaluation)) {
            System.arraycopy(x, xOff, y, 0, n);
            return;
        }
        State s = (State) state;
        if (s.replayMask) {
            Elementwise.multiply(n, x, xOff, s.mask, 0, y, 0);
            return;
        }
        Elementwise.dropout(n, p, s.seed, s.counter, x, xOff, s.mask, 0, y, 0);
        s.counter += n;
    }

    @Override
    void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx, float[] dParameters,
                  int batch) {
        if (dx != null) {
            Elementwise.multiply(batch * inputSize(), dy, 0, ((State) state).mask, 0, dx, 0);
        }
    }
}
