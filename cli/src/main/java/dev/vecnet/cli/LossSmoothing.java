package dev.vecnet.cli;

/**
 * Smooths a noisy per-iteration loss curve for charts and CSV files. Stateless.
 */
final class LossSmoothing {
    private LossSmoothing() {
    }

    /**
     * A centred moving average: point {@code i} is the mean of the points within {@code w} of it, with
     * {@code w = n / 50} (at least 1), the window shrinking symmetrically at both ends so that the first and
     * last points are themselves. Centring (unlike an exponential average) does not shift the curve to the
     * right, so the line lies on the points it summarises. Allocates the result; {@code values} is not
     * modified. Cost O(n) through a running prefix sum in double.
     */
    public static double[] movingAverage(float[] values) {
        int n = values.length;
        int halfWindow = Math.max(1, n / 50);
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + values[i];
        }
        double[] smoothed = new double[n];
        for (int i = 0; i < n; i++) {
            int w = Math.min(halfWindow, Math.min(i, n - 1 - i));
            smoothed[i] = (prefix[i + w + 1] - prefix[i - w]) / (2 * w + 1);
        }
        return smoothed;
    }
}
