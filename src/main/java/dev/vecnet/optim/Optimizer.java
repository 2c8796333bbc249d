package dev.vecnet.optim;

import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;
import dev.vecnet.nn.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates a network's flat parameter array from its flat gradient array in one fused pass per
 * trainable tensor ({@link ParameterTensor#trainable()}; BatchNorm running statistics are skipped).
 *
 * <p>State arrays (moments) have the length of {@link Parameters#size()} and are allocated once, on the
 * first {@link #step}; a step allocates nothing afterwards. The learning rate may be changed between
 * steps ({@link #setLearningRate}), which is how a {@link LearningRateSchedule} drives it.
 *
 * <p>Not thread-safe: one optimizer serves one network on one thread.
 */
public abstract class Optimizer {
    private final String[] stateNames;
    private float[][] state;
    private float learningRate;
    private long steps;
    private Parameters bound;

    /**
     * An optimizer whose state is one array per name, allocated on the first step.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     * @param stateNames   names of the per-parameter state arrays (e.g. {@code "m", "v"}), may be empty
     */
    protected Optimizer(float learningRate, String... stateNames) {
        setLearningRate(learningRate);
        this.stateNames = stateNames.clone();
    }

    /**
     * One update: for every trainable tensor, {@link #update} over its range of the flat arrays, then
     * {@link Network#parametersChanged()}. Modifies the parameter values and this optimizer's state; reads
     * the gradients. Allocates only on the first call (state arrays).
     *
     * @param net the network to update; always the same one for a given optimizer
     * @throws IllegalStateException    when called with another network than the first one
     * @throws IllegalArgumentException when restored state does not match the network's size
     */
    public final void step(Network net) {
        Parameters p = net.parameters();
        bind(p);
        steps++;
        beforeStep(steps);
        float[] w = p.values();
        float[] g = p.gradients();
        List<ParameterTensor> tensors = p.tensors();
        for (int i = 0; i < tensors.size(); i++) {
            ParameterTensor t = tensors.get(i);
            if (t.trainable()) {
                update(w, g, state, t.offset(), t.offset() + t.size(), t.decayed());
            }
        }
        net.parametersChanged();
    }

    /**
     * Updates {@code w[from, to)} from {@code g[from, to)} and the state arrays over the same range.
     *
     * @param w the flat parameter values; {@code w[from, to)} is updated in place
     * @param g the flat gradients; {@code g[from, to)} is read, not modified
     * @param state this optimizer's state arrays, in the order of the names given to the constructor, each with the
     *         flat parameter layout; {@code [from, to)} of each is updated in place
     * @param from index of the tensor's first element in the flat arrays
     * @param to index one past the tensor's last element
     * @param decayed whether the tensor is a weight (for decoupled weight decay)
     */
    protected abstract void update(float[] w, float[] g, float[][] state, int from, int to, boolean decayed);

    /**
     * Called once per step, before the tensors are updated, with the 1-based step number.
     *
     * @param step the 1-based number of the step about to run
     */
    protected void beforeStep(long step) {
    }

    private void bind(Parameters p) {
        if (bound == p) {
            return;
        }
        if (bound != null) {
            throw new IllegalStateException("this optimizer already serves another network");
        }
        if (state == null) {
            state = new float[stateNames.length][p.size()];
        } else if (state.length > 0 && state[0].length != p.size()) {
            throw new IllegalArgumentException("restored state has " + state[0].length + " floats, the network "
                    + p.size() + " parameters");
        }
        bound = p;
    }

    /**
     * The current learning rate.
     *
     * @return the learning rate the next step uses
     */
    public float learningRate() {
        return learningRate;
    }

    /**
     * Sets the learning rate used by the next steps; finite and >= 0.
     *
     * @param rate the new learning rate, finite and {@code >= 0}
     */
    public void setLearningRate(float rate) {
        if (!(rate >= 0f) || !Float.isFinite(rate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, was " + rate);
        }
        this.learningRate = rate;
    }

    /**
     * Number of steps taken (the step counter Adam's bias correction uses).
     *
     * @return the number of steps taken, including those restored by {@link #restoreState}
     */
    public long steps() {
        return steps;
    }

    /**
     * A short name, e.g. {@code adam}.
     *
     * @return a short lower-case name, for example {@code adam}
     */
    public abstract String name();

    /**
     * The state for checkpoints: each named array is live (not a copy), with the flat parameter layout.
     * Empty before the first step for optimizers without state, and for those with state until the first
     * step or {@link #restoreState}.
     *
     * @return a new map from state name to the live state array, in the constructor's order; empty when there is no
     *         state yet
     */
    public Map<String, float[]> state() {
        Map<String, float[]> out = new LinkedHashMap<>();
        if (state != null) {
            for (int i = 0; i < stateNames.length; i++) {
                out.put(stateNames[i], state[i]);
            }
        }
        return out;
    }

    /**
     * Restores the state and step counter saved from {@link #state()} and {@link #steps()}: copies the
     * arrays (all names must be present, all the same length). Allocates the state arrays.
     *
     * @param saved state arrays by name, as returned by {@link #state()} or read from a model file; copied, not kept
     * @param stepCount the number of steps taken when the state was saved, {@code >= 0}
     */
    public void restoreState(Map<String, float[]> saved, long stepCount) {
        if (stepCount < 0) {
            throw new IllegalArgumentException("step count must be >= 0, was " + stepCount);
        }
        float[][] copy = new float[stateNames.length][];
        for (int i = 0; i < stateNames.length; i++) {
            float[] a = saved.get(stateNames[i]);
            if (a == null) {
                throw new IllegalArgumentException(name() + " state needs '" + stateNames[i] + "', got " + saved.keySet());
            }
            if (i > 0 && a.length != copy[0].length) {
                throw new IllegalArgumentException("state arrays differ in length");
            }
            copy[i] = a.clone();
        }
        if (bound != null && stateNames.length > 0 && copy[0].length != bound.size()) {
            throw new IllegalArgumentException("state has " + copy[0].length + " floats, the network " + bound.size());
        }
        state = copy;
        steps = stepCount;
    }

    static float requireFinite(String what, float v, float min) {
        if (!(v >= min) || !Float.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and >= " + min + ", was " + v);
        }
        return v;
    }
}
