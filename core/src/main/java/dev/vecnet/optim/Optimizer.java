package dev.vecnet.optim;

import dev.vecnet.kernel.WorkerTeam;

import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;
import dev.vecnet.nn.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates a flat parameter array from a flat gradient array of the same layout
 * ({@link dev.vecnet.nn.TrainingContext#gradients()}) in one fused pass per trainable tensor
 * ({@link ParameterTensor#trainable()}; BatchNorm running statistics are skipped).
 *
 * <p><b>State.</b> Per-parameter state arrays (moments) have the flat layout of the parameters they are
 * first used with, and are allocated then (or by {@link #restoreState}); a later step with parameters of
 * another layout throws. {@link #state()} names them per tensor as {@code "<tensor>.<state>"}, e.g.
 * {@code "0.weight.exp_avg"}, with PyTorch's state names where PyTorch has the same quantity. The
 * learning rate may be changed between steps ({@link #setLearningRate}), which is how a
 * {@link LearningRateSchedule} drives it.
 *
 * <p><b>Allocation.</b> A step allocates nothing, except the state arrays on the first one.
 *
 * <p><b>Parameters changed.</b> A step writes the values only; the caller then calls
 * {@link Network#parametersChanged()} so that layers refresh what they derive from them (the trainer
 * does this after every step).
 *
 * <p>Not thread-safe: one thread steps an optimizer (which may hand parts of the step to a team, see
 * {@link #step(Parameters, float[], WorkerTeam)}).
 */
public abstract class Optimizer {
    private final String[] stateNames;
    /** {@code state[k]} is state {@code stateNames[k]} over the flat layout of {@link #layout}. */
    private float[][] state;
    /** The tensors of the parameters the state is sized for; null before the first step or restore. */
    private List<ParameterTensor> layout;
    private int layoutSize;
    private float learningRate;
    private long steps;
    /** The arrays of the step in progress, read by {@link #rangeTask}. */
    private float[] stepValues;
    private float[] stepGradients;
    private List<ParameterTensor> stepTensors;
    private ChunkWatcher stepWatcher;
    private final WorkerTeam.Range rangeTask = this::updateRange;
    /**
     * Elements per chunk handed to a {@link ChunkWatcher}: 4 KiB per array, so the parameters, gradients, two
     * moments and a caller's copy of a chunk stay in a core's L1 data cache between the update and the
     * watcher's passes over it.
     */
    static final int WATCHED_CHUNK = 1024;

    /**
     * An optimizer whose state is one array per name, allocated on the first step.
     *
     * @param learningRate initial learning rate, finite and {@code >= 0}
     * @param stateNames   names of the per-parameter state arrays (e.g. {@code "exp_avg", "exp_avg_sq"}),
     *                     may be empty
     */
    protected Optimizer(float learningRate, String... stateNames) {
        setLearningRate(learningRate);
        this.stateNames = stateNames.clone();
    }

    /**
     * One update: for every trainable tensor, {@link #update} over its range of the flat arrays. Modifies
     * the parameter values and this optimizer's state; reads {@code gradients}. Does not call
     * {@link Network#parametersChanged()}: the caller does. Allocates only on the first call (state).
     *
     * @param parameters the parameters to update (their values are modified)
     * @param gradients  {@code dL/dparameters} laid out like {@code parameters.values()}; not modified
     * @throws IllegalArgumentException when {@code gradients} has another length than the parameters, or
     *                                  the parameters another layout than this optimizer's state
     */
    public final void step(Parameters parameters, float[] gradients) {
        step(parameters, gradients, null);
    }

    /**
     * One update as {@link #step(Parameters, float[])}, split across {@code team} by ranges of the flat
     * arrays when this optimizer is {@link #elementwise()} (all of vecnet's are): each element's update reads
     * and writes only that element, so the result has the same bits for any team size and without a team.
     * An optimizer that is not elementwise runs on the calling thread. Allocates only on the first call.
     *
     * @param parameters the parameters to update (their values are modified)
     * @param gradients  {@code dL/dparameters} laid out like {@code parameters.values()}; not modified
     * @param team       the team to split the update across; null for the calling thread alone
     * @throws IllegalArgumentException when {@code gradients} has another length than the parameters, or
     *                                  the parameters another layout than this optimizer's state
     * @throws IllegalStateException    when the team is closed
     */
    public final void step(Parameters parameters, float[] gradients, WorkerTeam team) {
        step(parameters, gradients, team, null);
    }

    /**
     * Work done on each chunk of a step's trainable parameters by the thread that updates it, right before
     * and right after the chunk's update: checks and copies that read a chunk while it is in that core's
     * cache, instead of making passes of their own over the whole arrays. The chunks of one step cover every
     * element of every trainable tensor exactly once; they are at most a few thousand elements long for an
     * {@link #elementwise()} optimizer and whole tensors otherwise. Implementations are called from the team's
     * threads at once (each with its own {@code part}), so they write only to the chunk's elements and to
     * per-part slots.
     */
    public interface ChunkWatcher {
        /**
         * Called before elements {@code [from, to)} of a trainable tensor are updated.
         *
         * @param part the part of the step running the chunk, in {@code [0, team threads)}; 0 without a team
         * @param from index of the chunk's first element in the flat arrays
         * @param to   index one past the chunk's last element
         * @return true to update the chunk; false to leave its parameters and state unchanged
         */
        boolean beforeUpdate(int part, int from, int to);

        /**
         * Called after elements {@code [from, to)} were updated (not for a chunk that
         * {@link #beforeUpdate} declined).
         *
         * @param part the part of the step running the chunk, as given to {@link #beforeUpdate}
         * @param from index of the chunk's first element in the flat arrays
         * @param to   index one past the chunk's last element
         */
        void afterUpdate(int part, int from, int to);
    }

    /**
     * One update as {@link #step(Parameters, float[], WorkerTeam)}, with {@code watcher} called around each
     * chunk's update (see {@link ChunkWatcher}); the updated values have the same bits as without a watcher
     * when it declines nothing. Allocates only on the first call (state).
     *
     * @param parameters the parameters to update (their values are modified)
     * @param gradients  {@code dL/dparameters} laid out like {@code parameters.values()}; not modified
     * @param team       the team to split the update across; null for the calling thread alone
     * @param watcher    called around every chunk's update; null for none
     * @throws IllegalArgumentException when {@code gradients} has another length than the parameters, or
     *                                  the parameters another layout than this optimizer's state
     * @throws IllegalStateException    when the team is closed
     */
    public final void step(Parameters parameters, float[] gradients, WorkerTeam team, ChunkWatcher watcher) {
        if (gradients.length != parameters.size()) {
            throw new IllegalArgumentException("gradients have " + gradients.length + " floats, the parameters "
                    + parameters.size());
        }
        if (team != null && team.isClosed()) {
            throw new IllegalStateException("the WorkerTeam team is closed");
        }
        if (layout == null) {
            state = new float[stateNames.length][parameters.size()];
            layout = parameters.tensors();
            layoutSize = parameters.size();
        } else {
            requireLayout(parameters);
        }
        steps++;
        beforeStep(steps);
        stepValues = parameters.values();
        stepGradients = gradients;
        stepTensors = parameters.tensors();
        stepWatcher = watcher;
        try {
            if (elementwise()) {
                WorkerTeam.forEachElement(team, gradients.length, rangeTask);
            } else {
                updateRange(0, 0, gradients.length);
            }
        } finally {
            stepValues = null;
            stepGradients = null;
            stepTensors = null;
            stepWatcher = null;
        }
    }

    /** Elements {@code [from, to)} of every trainable tensor: the part of each tensor's update in that range. */
    private void updateRange(int part, int from, int to) {
        List<ParameterTensor> tensors = stepTensors;
        for (int i = 0; i < tensors.size(); i++) {
            ParameterTensor t = tensors.get(i);
            int start = Math.max(from, t.offset());
            int end = Math.min(to, t.offset() + t.size());
            if (!t.trainable() || start >= end) {
                continue;
            }
            if (stepWatcher == null) {
                update(stepValues, stepGradients, state, start, end, t.decayed());
                continue;
            }
            int chunk = elementwise() ? WATCHED_CHUNK : end - start;
            for (int c = start; c < end; c += chunk) {
                int chunkEnd = Math.min(end, c + chunk);
                if (stepWatcher.beforeUpdate(part, c, chunkEnd)) {
                    update(stepValues, stepGradients, state, c, chunkEnd, t.decayed());
                    stepWatcher.afterUpdate(part, c, chunkEnd);
                }
            }
        }
    }

    /**
     * Whether {@link #update} computes each element {@code i} from element {@code i} of the arrays alone
     * (and the learning rate and this optimizer's scalars), so that updating a tensor in several ranges gives
     * the bits of updating it whole. Then {@link #step(Parameters, float[], WorkerTeam)} may split the
     * update across a team. vecnet's optimizers are; a subclass whose update reads other elements (a norm of
     * the tensor, say) keeps the default, false.
     *
     * @return true when the update may be split into ranges of any tensor
     */
    protected boolean elementwise() {
        return false;
    }

    private void requireLayout(Parameters parameters) {
        List<ParameterTensor> tensors = parameters.tensors();
        if (tensors == layout) {
            return;
        }
        boolean same = parameters.size() == layoutSize && tensors.size() == layout.size();
        for (int i = 0; same && i < tensors.size(); i++) {
            same = tensors.get(i).equals(layout.get(i));
        }
        if (!same) {
            throw new IllegalArgumentException("this optimizer's state is sized for " + layoutSize + " parameters in "
                    + layout.size() + " tensors, these parameters have " + parameters.size() + " in "
                    + tensors.size() + " tensors");
        }
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
     * The names of this optimizer's per-parameter states, e.g. {@code [exp_avg, exp_avg_sq]}.
     *
     * @return an unmodifiable list of the state names, in the order given to the constructor; empty for an
     *         optimizer without state
     */
    public List<String> stateNames() {
        return List.of(stateNames);
    }

    /**
     * The state for checkpoints, one copy per (trainable tensor, state name), keyed
     * {@code "<tensor name>.<state name>"} (e.g. {@code "0.weight.exp_avg"}) in tensor order, each of the
     * tensor's size (row-major, like the tensor). Save {@link #steps()} with it. Empty for optimizers
     * without state and before the first step or {@link #restoreState}. Allocates the copies.
     *
     * @return a new map from {@code "<tensor name>.<state name>"} to a copy of that state, in tensor order
     */
    public Map<String, float[]> state() {
        Map<String, float[]> out = new LinkedHashMap<>();
        if (layout == null) {
            return out;
        }
        for (ParameterTensor t : layout) {
            if (t.trainable()) {
                for (int k = 0; k < stateNames.length; k++) {
                    float[] copy = new float[t.size()];
                    System.arraycopy(state[k], t.offset(), copy, 0, t.size());
                    out.put(t.name() + "." + stateNames[k], copy);
                }
            }
        }
        return out;
    }

    /**
     * Restores state saved from {@link #state()} and {@link #steps()} for {@code parameters}' layout:
     * checks first that {@code saved} holds exactly one entry per (trainable tensor, state name) of the
     * tensor's size, and that the layout is this optimizer's (when it already has state), then copies the
     * arrays. Modifies nothing when a check fails. Allocates the state arrays. {@code saved} is not
     * modified.
     *
     * @param parameters the parameters the state belongs to (their layout is checked, values untouched)
     * @param saved      state by name, as returned by {@link #state()} or read from a model file; copied
     * @param stepCount  the number of steps taken when the state was saved, {@code >= 0}
     * @throws IllegalArgumentException naming the missing, unexpected or mis-sized entry
     */
    public void restoreState(Parameters parameters, Map<String, float[]> saved, long stepCount) {
        if (stepCount < 0) {
            throw new IllegalArgumentException("step count must be >= 0, was " + stepCount);
        }
        if (layout != null) {
            requireLayout(parameters);
        }
        int expected = 0;
        for (ParameterTensor t : parameters.tensors()) {
            if (!t.trainable()) {
                continue;
            }
            for (String stateName : stateNames) {
                String key = t.name() + "." + stateName;
                float[] a = saved.get(key);
                if (a == null) {
                    throw new IllegalArgumentException(name() + " state needs '" + key + "', got " + saved.keySet());
                }
                if (a.length != t.size()) {
                    throw new IllegalArgumentException("state '" + key + "' has " + a.length + " floats, the tensor "
                            + t.size());
                }
                expected++;
            }
        }
        if (saved.size() != expected) {
            throw new IllegalArgumentException(name() + " state has " + saved.size() + " entries, expected " + expected
                    + " (" + stateNames.length + " per trainable tensor): " + saved.keySet());
        }
        float[][] restored = new float[stateNames.length][parameters.size()];
        for (ParameterTensor t : parameters.tensors()) {
            if (t.trainable()) {
                for (int k = 0; k < stateNames.length; k++) {
                    System.arraycopy(saved.get(t.name() + "." + stateNames[k]), 0, restored[k], t.offset(), t.size());
                }
            }
        }
        state = restored;
        layout = parameters.tensors();
        layoutSize = parameters.size();
        steps = stepCount;
    }

    static float requireFinite(String what, float v, float min) {
        if (!(v >= min) || !Float.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and >= " + min + ", was " + v);
        }
        return v;
    }
}
