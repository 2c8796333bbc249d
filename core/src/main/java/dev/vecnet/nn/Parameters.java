package dev.vecnet.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * All parameters of a network in one flat array, and the named tensors that carve it into views.
 * Gradient arrays ({@link TrainingContext#gradients()}) and optimizer state use the same layout, so the
 * tensors' offsets index them too. Optimizers run one fused loop over the flat arrays; layers read
 * their views.
 *
 * <p>Sized once when the network is built. Not thread-safe for writing: whoever changes the values (an
 * optimizer step, a load) must not overlap with contexts reading them.
 */
public final class Parameters {
    private final float[] values;
    private final List<ParameterTensor> tensors;

    Parameters(List<ParameterTensor> tensors, int size) {
        this.values = new float[size];
        this.tensors = Collections.unmodifiableList(new ArrayList<>(tensors));
    }

    /**
     * The flat parameter array (live, not a copy).
     *
     * @return the live flat parameter array
     */
    public float[] values() {
        return values;
    }

    /**
     * The named tensors in state-dict order.
     *
     * @return an unmodifiable list of the named tensors, in state-dict order
     */
    public List<ParameterTensor> tensors() {
        return tensors;
    }

    /**
     * Total number of floats.
     *
     * @return the number of floats in each flat array
     */
    public int size() {
        return values.length;
    }

    /**
     * The tensor with this state-dict name.
     *
     * @param name a state-dict name, for example {@code 0.weight}
     * @return the tensor of that name
     */
    public ParameterTensor tensor(String name) {
        for (ParameterTensor t : tensors) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no parameter tensor named '" + name + "'; the network has " + names());
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (ParameterTensor t : tensors) {
            names.add(t.name());
        }
        return names;
    }

    /** Builds the layout: layers add their tensors in order, then the arrays are allocated once. */
    static final class Layout {
        private final List<ParameterTensor> tensors = new ArrayList<>();
        private int size;

        ParameterTensor add(String name, int rows, int cols, boolean vector, boolean decayed, boolean trainable) {
            ParameterTensor t = new ParameterTensor(name, size, rows, cols, vector, decayed, trainable);
            size = Math.addExact(size, Math.multiplyExact(rows, cols));
            tensors.add(t);
            return t;
        }

        Parameters allocate() {
            return new Parameters(tensors, size);
        }
    }
}
