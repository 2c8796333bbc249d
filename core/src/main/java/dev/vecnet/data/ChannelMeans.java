package dev.vecnet.data;

import java.util.Map;

/** Subtracts a fitted mean per channel from images stored height-width-channel (channel fastest). */
final class ChannelMeans implements Preprocessor {
    static final String KIND = "channel_mean";

    private final float[] mean;

    ChannelMeans(float[] mean) {
        this.mean = mean;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int featureCount() {
        return 0;
    }

    @Override
    public void applyInPlace(float[] x, int off, int n, int width) {
        int channels = mean.length;
        if (width % channels != 0) {
            throw new IllegalArgumentException(width + " features are not a whole number of " + channels
                    + "-channel pixels");
        }
        for (int i = 0; i < n * width; i++) {
            x[off + i] -= mean[i % channels];
        }
    }

    @Override
    public Map<String, float[]> state() {
        return Map.of("mean", mean.clone());
    }
}
