package dev.vecnet.nn;

import java.util.List;

/**
 * What a network is, without its weights: the input size, the modules in order, the objective and the
 * default initialiser. A model file records exactly this (plus the weights) to rebuild the same network;
 * how a network is built from it (seed, maximum batch, fusion, input checks) is {@link BuildOptions}.
 *
 * <p>Shapes: examples {@code [inputSize]}, scores {@code [outputSize()]}, each module mapping the previous
 * module's output size to its own ({@link LayerSpec#outputSize}). The loss is
 * {@code mean data loss + (l2 / 2) * sum w^2} over the weights of dense and maxout layers.
 *
 * <p>The constructor checks every component and throws {@link IllegalArgumentException} naming it;
 * the layer list is copied. Immutable and thread-safe.
 *
 * @param inputSize features per example, >= 1
 * @param layers    the modules, at least one, none null (an unmodifiable copy)
 * @param loss      the data loss, not null
 * @param l2        the L2 strength lambda, finite and >= 0
 * @param init      the weight initialiser of dense and maxout layers that name none, not null
 */
public record NetworkSpec(int inputSize, List<LayerSpec> layers, Loss loss, float l2, Init init) {
    /**
     * The most parameter floats a network holds: its parameters live in one flat Java array, whose length the
     * JVM bounds a little below {@code Integer.MAX_VALUE}.
     */
    public static final int MAX_PARAMETERS = Integer.MAX_VALUE - 8;

    /**
     * Checks the components and copies the layer list.
     *
     * @param inputSize features per example, >= 1
     * @param layers    the modules, at least one, none null; copied, not kept
     * @param loss      the data loss, not null
     * @param l2        the L2 strength lambda, finite and >= 0
     * @param init      the weight initialiser of dense and maxout layers that name none, not null
     * @throws IllegalArgumentException naming the first component that is out of range or null, or when the
     *                                  layers hold more than {@link #MAX_PARAMETERS} parameters
     */
    public NetworkSpec {
        if (inputSize < 1) {
            throw new IllegalArgumentException("inputSize must be >= 1, was " + inputSize);
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers must hold at least one layer, was " + layers);
        }
        // List.copyOf would reject a null with a NullPointerException that names no index.
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == null) {
                throw new IllegalArgumentException("layers[" + i + "] is null");
            }
        }
        layers = List.copyOf(layers);
        requireBuildable(inputSize, layers);
        requireNonNull("loss", loss);
        requireL2(l2);
        requireNonNull("init", init);
    }

    /**
     * Softmax cross-entropy, no L2 and He-normal weights ({@link Network.Builder}'s defaults).
     *
     * @param inputSize features per example, >= 1
     * @param layers    the modules, at least one, none null; copied, not kept
     * @throws IllegalArgumentException when {@code inputSize < 1} or {@code layers} is null, empty or holds
     *                                  a null
     */
    public NetworkSpec(int inputSize, List<LayerSpec> layers) {
        this(inputSize, layers, Loss.softmaxCrossEntropy(), 0f, Init.HE_NORMAL);
    }

    /**
     * Scores per example: the last module's output size.
     *
     * @return the output size, {@code >= 1}; computed on each call
     */
    public int outputSize() {
        return inputSizes()[layers.size()];
    }

    /**
     * Features going into each module, and after the last: {@code [layers().size() + 1]}, element 0 is
     * {@link #inputSize()}. Allocates the array.
     *
     * @return a new array; {@code inputSizes()[i]} is the input size of {@code layers().get(i)}, the last
     *         element is {@link #outputSize()}
     */
    public int[] inputSizes() {
        int[] sizes = new int[layers.size() + 1];
        sizes[0] = inputSize;
        for (int i = 0; i < layers.size(); i++) {
            sizes[i + 1] = layers.get(i).outputSize(sizes[i]);
        }
        return sizes;
    }

    /**
     * Parameter floats a network of this spec holds (BatchNorm's running statistics included).
     *
     * @return the sum of {@link LayerSpec#parameterCount} over the modules, each at its input size; at most
     *         {@link #MAX_PARAMETERS}
     */
    public long parameterCount() {
        return parameterCount(inputSize, layers);
    }

    /** Refuses layers whose parameters cannot be one flat array, before anything is allocated. */
    private static void requireBuildable(int inputSize, List<LayerSpec> layers) {
        long count = parameterCount(inputSize, layers);
        if (count > MAX_PARAMETERS) {
            throw new IllegalArgumentException("the layers hold " + (count == Long.MAX_VALUE ? "more than 2^63" : count)
                    + " parameters after " + inputSize + " inputs; a network holds at most " + MAX_PARAMETERS
                    + " (one flat float array): use fewer units");
        }
    }

    /**
     * The parameters of {@code layers} after {@code inputSize} features, summed in long and saturating at
     * {@code Long.MAX_VALUE}, so that no size can overflow into one that looks acceptable.
     */
    private static long parameterCount(int inputSize, List<LayerSpec> layers) {
        long count = 0;
        int width = inputSize;
        for (LayerSpec layer : layers) {
            long layerCount = layer.parameterCount(width);
            count = layerCount > Long.MAX_VALUE - count ? Long.MAX_VALUE : count + layerCount;
            width = layer.outputSize(width);
        }
        return count;
    }

    /** Returns {@code l2} when it is a valid L2 strength (finite, >= 0), else throws. */
    static float requireL2(float l2) {
        if (!(l2 >= 0f) || !Float.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be finite and >= 0, was " + l2);
        }
        return l2;
    }

    static <T> T requireNonNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
