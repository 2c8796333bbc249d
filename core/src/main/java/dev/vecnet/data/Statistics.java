package dev.vecnet.data;

/** Per-feature and per-channel statistics in double precision, returned as floats. */
final class Statistics {
    private Statistics() {
    }

    static float[] means(Dataset data) {
        int f = data.featureCount();
        double[] sum = new double[f];
        float[] x = data.features();
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < f; j++) {
                sum[j] += x[i * f + j];
            }
        }
        float[] mean = new float[f];
        for (int j = 0; j < f; j++) {
            mean[j] = (float) (sum[j] / Math.max(1, data.size()));
        }
        return mean;
    }

    /** Population standard deviations around {@code mean}. */
    static float[] deviations(Dataset data, float[] mean) {
        int f = data.featureCount();
        double[] sum = new double[f];
        float[] x = data.features();
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < f; j++) {
                double d = x[i * f + j] - (double) mean[j];
                sum[j] += d * d;
            }
        }
        float[] std = new float[f];
        for (int j = 0; j < f; j++) {
            std[j] = (float) Math.sqrt(sum[j] / Math.max(1, data.size()));
        }
        return std;
    }

    static float[] channelMeans(Dataset data, int channels) {
        int f = data.featureCount();
        if (f % channels != 0) {
            throw new IllegalArgumentException(f + " features are not a whole number of " + channels + "-channel pixels");
        }
        double[] sum = new double[channels];
        float[] x = data.features();
        long n = (long) data.size() * f;
        for (long i = 0; i < n; i++) {
            sum[(int) (i % channels)] += x[(int) i];
        }
        float[] mean = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) (sum[c] / Math.max(1, n / channels));
        }
        return mean;
    }
}
