package dev.vecnet.format;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a model file carries besides the network: preprocessing statistics and optimizer state, each a
 * map of named float arrays plus a descriptive string. Immutable; the {@code with} methods return a
 * copy (arrays are written when the file is saved, not copied here).
 */
public final class SaveOptions {
    private static final SaveOptions DEFAULTS = new SaveOptions(null, Map.of(), null, Map.of());

    private final String preprocessingKind;
    private final Map<String, float[]> preprocessing;
    private final String optimizer;
    private final Map<String, float[]> optimizerState;

    private SaveOptions(String preprocessingKind, Map<String, float[]> preprocessing, String optimizer,
                        Map<String, float[]> optimizerState) {
        this.preprocessingKind = preprocessingKind;
        this.preprocessing = preprocessing;
        this.optimizer = optimizer;
        this.optimizerState = optimizerState;
    }

    /**
     * No preprocessing, no optimizer state.
     *
     * @return the shared options with no extras
     */
    public static SaveOptions defaults() {
        return DEFAULTS;
    }

    /**
     * With preprocessing statistics, stored as tensors {@code preprocess.<name>} (shape {@code [length]})
     * and the kind in metadata {@code vecnet.preprocessing}.
     *
     * @param kind  the preprocessor's kind, e.g. {@code standardize}; not null
     * @param state named arrays; names must be non-empty
     * @return new options with the preprocessing replaced; these are unchanged
     */
    public SaveOptions withPreprocessing(String kind, Map<String, float[]> state) {
        return new SaveOptions(nonNull(kind, "kind"), copy(state), optimizer, optimizerState);
    }

    /**
     * With optimizer state, stored as tensors {@code optimizer.<name>} and the settings in metadata
     * {@code vecnet.optimizer}.
     *
     * @param settings the optimizer's name and settings, e.g. {@code adam lr=0.001 beta1=0.9}; not null
     * @param state    named arrays (moments, step counts as floats); names must be non-empty
     * @return new options with the optimizer state replaced; these are unchanged
     */
    public SaveOptions withOptimizerState(String settings, Map<String, float[]> state) {
        return new SaveOptions(preprocessingKind, preprocessing, nonNull(settings, "settings"), copy(state));
    }

    /**
     * The preprocessing kind, or null.
     *
     * @return the preprocessing kind, or null when none is saved
     */
    public String preprocessingKind() {
        return preprocessingKind;
    }

    /**
     * The preprocessing arrays by name (empty when none).
     *
     * @return an unmodifiable map of the preprocessing arrays by name; empty when none
     */
    public Map<String, float[]> preprocessing() {
        return preprocessing;
    }

    /**
     * The optimizer settings, or null.
     *
     * @return the optimizer settings, or null when none are saved
     */
    public String optimizer() {
        return optimizer;
    }

    /**
     * The optimizer arrays by name (empty when none).
     *
     * @return an unmodifiable map of the optimizer arrays by name; empty when none
     */
    public Map<String, float[]> optimizerState() {
        return optimizerState;
    }

    /** A copy sorted by name, so that a file's bytes do not depend on the iteration order of the given map. */
    private static Map<String, float[]> copy(Map<String, float[]> state) {
        Map<String, float[]> m = new TreeMap<>();
        for (Map.Entry<String, float[]> e : nonNull(state, "state").entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new IllegalArgumentException("state entries need a non-empty name and an array");
            }
            m.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(m);
    }

    private static <T> T nonNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
