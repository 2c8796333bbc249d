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

    /** The kind, one of {@code mean_center}, {@code standardize}, {@code mean_image}, {@code channel_mean}. */
    String kind();

    /** Features per example this preprocessor was fitted on, or 0 when any multiple of its channels fits. */
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

    /** A new data set with transformed copies of the features; labels and targets are shared. */
    default Dataset apply(Dataset data) {
        float[] x = data.features().clone();
        applyInPlace(x, 0, data.size(), data.featureCount());
        return data.withFeatures(x);
    }

    /** The statistics as named arrays (copies), e.g. {@code mean} and {@code std}. */
    Map<String, float[]> state();

    /**
     * Rebuilds a preprocessor from {@link #kind()} and {@link #state()}.
     *
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
