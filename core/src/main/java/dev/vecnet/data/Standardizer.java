package dev.vecnet.data;

import java.util.Map;

/** {@code (x_j - mean_j) / std_j} per feature; a feature with {@code std_j == 0} is only centred. */
final class Standardizer implements Preprocessor {
    static final String KIND = "standardize";

    private final float[] mean;
    private final float[] std;
    private final float[] inverse;

    Standardizer(float[] mean, float[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " features, std " + std.length);
        }
        this.mean = mean;
        this.std = std;
        this.inverse = new float[std.length];
        for (int j = 0; j < std.length; j++) {
            inverse[j] = std[j] > 0 ? 1f / std[j] : 1f;
        }
    }

    static void checkWidth(int width, int fitted) {
        if (width != fitted) {
            throw new IllegalArgumentException("rows have " + width + " features, the statistics were fitted on "
                    + fitted);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int featureCount() {
        return mean.length;
    }

    @Override
    public void applyInPlace(float[] x, int off, int n, int width) {
        checkWidth(width, mean.length);
        for (int i = 0; i < n; i++) {
            int row = off + i * width;
            for (int j = 0; j < width; j++) {
                x[row + j] = (x[row + j] - mean[j]) * inverse[j];
            }
        }
    }

    @Override
    public Map<String, float[]> state() {
        return Map.of("mean", mean.clone(), "std", std.clone());
    }
}
