package dev.vecnet.data;

/**
 * An input transform before fitting: {@link #fit} computes its statistics on a training split (never on
 * validation or test data) and returns the {@link Preprocessor} to apply to every split. The factories
 * are stateless and thread-safe; {@code fit} allocates only the statistics arrays.
 *
 * <pre>{@code
 * Preprocessor p = Preprocessing.standardize().fit(split.train());
 * Dataset train = p.apply(split.train()), validation = p.apply(split.validation());
 * }</pre>
 */
@FunctionalInterface
public interface Preprocessing {

    /**
     * Computes the statistics on {@code train} (not modified), in double precision.
     *
     * @param train the training split; read, not modified
     * @return a new immutable preprocessor holding the statistics (as floats)
     * @throws IllegalArgumentException when {@code train}'s feature count does not suit the transform (for
     *                                  {@link #channelMean}: not a multiple of the channel count)
     */
    Preprocessor fit(Dataset train);

    /**
     * Mean-centering: {@code x_j - mean_j}, per feature.
     *
     * @return a transform whose preprocessors have kind {@code mean_center} and state {@code mean}
     *         {@code [featureCount]}
     */
    static Preprocessing meanCenter() {
        return train -> new FeatureMeans(FeatureMeans.MEAN_CENTER, Statistics.means(train));
    }

    /**
     * Standardisation: {@code (x_j - mean_j) / std_j} with the population standard deviation; a feature
     * whose deviation is 0 (constant on the training split) is only centred.
     *
     * @return a transform whose preprocessors have kind {@code standardize} and state {@code mean} and
     *         {@code std}, each {@code [featureCount]}
     */
    static Preprocessing standardize() {
        return train -> {
            float[] mean = Statistics.means(train);
            return new Standardizer(mean, Statistics.deviations(train, mean));
        };
    }

    /**
     * Subtracting the mean image: {@code x_p - mean_p} for every pixel and channel position {@code p}; the
     * same arithmetic as {@link #meanCenter()}, named for images.
     *
     * @return a transform whose preprocessors have kind {@code mean_image} and state {@code mean}
     *         {@code [featureCount]}
     */
    static Preprocessing meanImage() {
        return train -> new FeatureMeans(FeatureMeans.MEAN_IMAGE, Statistics.means(train));
    }

    /**
     * Subtracting the per-channel mean of images stored height-width-channel (channel fastest, as
     * {@link Cifar10Loader} produces): {@code x[p * channels + c] - mean_c}, where {@code mean_c} is the
     * mean of channel {@code c} over all pixels of all training images.
     *
     * @param channels channels per pixel, e.g. 3 for RGB; the feature count must be a multiple of it
     * @return a transform whose preprocessors have kind {@code channel_mean} and state {@code mean}
     *         {@code [channels]}; they accept any row width that is a multiple of {@code channels}
     * @throws IllegalArgumentException when {@code channels < 1}
     */
    static Preprocessing channelMean(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, was " + channels);
        }
        return train -> new ChannelMeans(Statistics.channelMeans(train, channels));
    }

    /**
     * Standardisation fitted on examples of any size in two streaming passes (means, then population
     * deviations, both in double precision), gathering up to 256 rows at a time in order: the same statistics as
     * {@code standardize().fit} up to the order of the double sums, without copying the data.
     *
     * @param train the training examples; read, not modified
     * @return a preprocessor of kind {@code standardize}
     * @throws IllegalArgumentException when {@code train} is empty
     */
    static Preprocessor standardize(Examples train) {
        if (train.count() == 0) {
            throw new IllegalArgumentException("cannot fit statistics on no examples");
        }
        int f = train.featureCount();
        double[] sum = new double[f];
        double[] squares = new double[f];
        float[] mean = new float[f];
        int chunk = Math.max(1, Math.min(256, (1 << 20) / f));
        long[] rows = new long[chunk];
        float[] x = new float[chunk * f];
        int[] labels = new int[chunk];
        float[] targets = new float[chunk * Math.max(1, train.targetCount())];
        for (int pass = 0; pass < 2; pass++) {
            // Rows in order, a chunk at a time: no index per row is allocated, whatever the count.
            for (long first = 0; first < train.count(); first += chunk) {
                int m = (int) Math.min(chunk, train.count() - first);
                for (int i = 0; i < m; i++) {
                    rows[i] = first + i;
                }
                train.gather(rows, m, x, labels, targets);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < f; j++) {
                        if (pass == 0) {
                            sum[j] += x[i * f + j];
                        } else {
                            double d = x[i * f + j] - (double) mean[j];
                            squares[j] += d * d;
                        }
                    }
                }
            }
            for (int j = 0; j < f && pass == 0; j++) {
                mean[j] = (float) (sum[j] / train.count());
            }
        }
        float[] std = new float[f];
        for (int j = 0; j < f; j++) {
            std[j] = (float) Math.sqrt(squares[j] / train.count());
        }
        return new Standardizer(mean, std);
    }
}
