package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.WorkerTeam;

/**
 * An elementwise activation layer (no parameters). Forward and backward, elementwise:
 * <pre>
 *   sigmoid     y = 1 / (1 + e^-x)                 dx = dy * y * (1 - y)
 *   tanh        y = tanh(x)                        dx = dy * (1 - y^2)
 *   relu        y = x &lt; 0 ? 0 : x                 dx = x &gt; 0 ? dy : 0
 *   leaky_relu  y = x &lt; 0 ? slope * x : x         dx = x &gt; 0 ? dy : slope * dy
 *   elu         y = x &gt; 0 ? x : alpha (e^x - 1)   dx = x &gt; 0 ? dy : dy * (y + alpha)
 * </pre>
 * The kink of relu and leaky relu at 0 takes the left derivative, as PyTorch does.
 */
public final class Activation extends Layer {

    /** The activation functions of this layer type. */
    public enum Kind {
        /** Logistic sigmoid. */
        SIGMOID,
        /** Hyperbolic tangent. */
        TANH,
        /** Rectified linear unit. */
        RELU,
        /** Leaky ReLU with a fixed negative slope (default 0.01). */
        LEAKY_RELU,
        /** Exponential linear unit with parameter alpha (default 1). */
        ELU
    }

    private final Kind kind;
    private final float parameter;

    Activation(int size, Kind kind, float parameter) {
        super(size, size);
        this.kind = kind;
        this.parameter = parameter;
    }

    /**
     * Which function.
     *
     * @return the activation function this layer applies
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The leaky ReLU slope or the ELU alpha; 0 for the others.
     *
     * @return the leaky ReLU slope or the ELU alpha; 0 for the other kinds
     */
    public float parameter() {
        return parameter;
    }

    @Override
    public String describe() {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT);
        return kind == Kind.LEAKY_RELU || kind == Kind.ELU ? name + "(" + parameter + ")" : name;
    }

    /** The team and the passes of one context, split by elements. */
    private final class State extends LayerCall {
        final WorkerTeam.Range forwardPart = (part, from, to) -> forwardRange(x, xOff, y, from, to);
        final WorkerTeam.Range backwardPart = (part, from, to) -> backwardRange(x, xOff, y, dy, dx, from, to);

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
        int n = batch * inputSize();
        if (state instanceof State s) {
            s.set(x, xOff, y, null, null, null, batch);
            WorkerTeam.forEachElement(s.team, n, s.forwardPart);
            s.clear();
        } else {
            forwardRange(x, xOff, y, 0, n);
        }
    }

    /** {@code y = f(x)} over elements {@code [from, to)}. */
    private void forwardRange(float[] x, int xOff, float[] y, int from, int to) {
        int n = to - from;
        int xAt = xOff + from;
        switch (kind) {
            case SIGMOID:
                Elementwise.sigmoid(n, x, xAt, y, from);
                break;
            case TANH:
                Elementwise.tanh(n, x, xAt, y, from);
                break;
            case RELU:
                Elementwise.relu(n, x, xAt, y, from);
                break;
            case LEAKY_RELU:
                Elementwise.leakyRelu(n, parameter, x, xAt, y, from);
                break;
            default:
                Elementwise.elu(n, parameter, x, xAt, y, from);
                break;
        }
    }

    @Override
    void backward(LayerState state, float[] x, int xOff, float[] y, float[] dy, float[] dx, float[] dParameters,
                  int batch) {
        if (dx == null) {
            return;
        }
        int n = batch * inputSize();
        if (state instanceof State s) {
            s.set(x, xOff, y, dy, dx, null, batch);
            WorkerTeam.forEachElement(s.team, n, s.backwardPart);
            s.clear();
        } else {
            backwardRange(x, xOff, y, dy, dx, 0, n);
        }
    }

    /** {@code dx = dy * f'} over elements {@code [from, to)}. */
    private void backwardRange(float[] x, int xOff, float[] y, float[] dy, float[] dx, int from, int to) {
        int n = to - from;
        int xAt = xOff + from;
        switch (kind) {
            case SIGMOID:
                Elementwise.sigmoidBackward(n, y, from, dy, from, dx, from);
                break;
            case TANH:
                Elementwise.tanhBackward(n, y, from, dy, from, dx, from);
                break;
            case RELU:
                Elementwise.reluBackward(n, x, xAt, dy, from, dx, from);
                break;
            case LEAKY_RELU:
                Elementwise.leakyReluBackward(n, parameter, x, xAt, dy, from, dx, from);
                break;
            default:
                Elementwise.eluBackward(n, parameter, x, xAt, y, from, dy, from, dx, from);
                break;
        }
    }
}
