package dev.vecnet.data;

import java.util.Map;

/** Subtracts a fitted per-feature mean: mean-centering, or the mean image for image data. */
final class FeatureMeans implements Preprocessor {
    static final String MEAN_CENTER = "mean_center";
    static final String MEAN_IMAGE = "mean_image";

    private final String kind;
    private final float[] mean;

    FeatureMeans(String kind, float[] mean) {
        this.kind = kind;
        this.mean = mean;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public int featureCount() {
        return mean.length;
    }

    @Override
    public void applyInPlace(float[] x, int off, int n, int width) {
        Standardizer.checkWidth(width, mean.length);
        for (int i = 0; i < n; i++) {
            int row = off + i * width;
            for (int j = 0; j < width; j++) {
                x[row + j] -= mean[j];
            }
        }
    }

    @Override
    public Map<String, float[]> state() {
        return Map.of("mean", mean.clone());
    }
}
