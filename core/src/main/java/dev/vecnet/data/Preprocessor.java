package dev.vecnet.data;

import java.util.Map;

/**
 * A fitted input transform: statistics computed once on a training split by {@link Preprocessing#fit},
 * then applied unchanged to the training, validation and test splits and to every input at prediction.
 *
 * <p>Its state is a {@link #kind()} string and named float arrays ({@link #state()}), so a model file can
 * store it beside the weights and {@link #fromState} can rebuild it. Fitted preprocessors are immutable and
 * thread-safe; {@link #applyInPlace} allocates nothing.
 */
public interface Preprocessor {

    /**
     * The kind, one of {@code mean_center}, {@code standardize}, {@code mean_image}, {@code channel_mean}.
     *
     * @return the kind string that {@link #fromState} accepts
     */
    String kind();

    /**
     * Features per example this preprocessor was fitted on, or 0 when any multiple of its channels fits.
     *
     * @return the required row width, or 0 for {@code channel_mean}
     */
    int featureCount();

    /**
     * Transforms {@code n} examples in place.
     *
     * @param x     {@code [n][width]} from {@code off}; modified
     * @param off   offset of the first example in {@code x}
     * @param n     number of examples
     * @param width features per example; must match the fitted statistics
     * @throws IllegalArgumentException when the row width does not fit the fitted statistics
     */
    void applyInPlace(float[] x, int off, int n, int width);

    /**
     * A new data set with transformed copies of the features; labels and targets are shared. Allocates
     * one copy of the features.
     *
     * @param data the examples; not modified
     * @return a data set of the same shape whose features are transformed by {@link #applyInPlace}
     * @throws IllegalArgumentException when {@code data}'s feature count does not fit the fitted statistics
     */
    default Dataset apply(Dataset data) {
        float[] x = data.features().clone();
        applyInPlace(x, 0, data.size(), data.featureCount());
        return data.withFeatures(x);
    }

    /**
     * The statistics as named arrays (copies), e.g. {@code mean} and {@code std}.
     *
     * @return an unmodifiable map from array name to a new copy of that array; allocates the copies
     */
    Map<String, float[]> state();

    /**
     * Rebuilds a preprocessor from {@link #kind()} and {@link #state()}.
     *
     * @param kind  one of {@code mean_center}, {@code standardize}, {@code mean_image}, {@code channel_mean}
     * @param state the named arrays ({@code mean}, and {@code std} for {@code standardize}); copied, not
     *              modified; other entries are ignored
     * @return a new preprocessor equal in effect to the one that produced {@code kind} and {@code state}
     * @throws IllegalArgumentException on an unknown kind or missing or inconsistent arrays
     */
    static Preprocessor fromState(String kind, Map<String, float[]> state) {
        switch (kind) {
            case FeatureMeans.MEAN_CENTER:
            case FeatureMeans.MEAN_IMAGE:
                return new FeatureMeans(kind, required(state, "mean").clone());
            case Standardizer.KIND:
                return new Standardizer(required(state, "mean").clone(), required(state, "std").clone());
            case ChannelMeans.KIND:
                return new ChannelMeans(required(state, "mean").clone());
            default:
                throw new IllegalArgumentException("unknown preprocessor kind '" + kind + "'");
        }
    }

    private static float[] required(Map<String, float[]> state, String name) {
        float[] value = state.get(name);
        if (value == null) {
            throw new IllegalArgumentException("preprocessor state lacks the array '" + name + "'");
        }
        return value;
    }
}
