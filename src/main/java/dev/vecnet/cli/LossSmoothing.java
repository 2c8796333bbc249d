package dev.vecnet.cli;

/**
 * Smooths a noisy per-iteration loss curve for charts and CSV files. Stateless.
 */
public final class LossSmoothing {
    private LossSmoothing() {
    }

    /**
     * An exponential moving average with bias correction: {@code m_t = b m_(t-1) + (1 - b) x_t},
     * reported as {@code m_t / (1 - b^t)}, so the first points are not pulled towards 0 (TensorBoard's
     * smoothing). The decay is {@code b = 1 - 2 / (span + 1)}, with {@code span} about a tenth of the
     * series, between 1 and 100 points. Allocates the result; {@code values} is not modified.
     */
    public static double[] exponentialMovingAverage(float[] values) {
        int span = Math.max(1, Math.min(100, values.length / 10));
        double decay = 1 - 2.0 / (span + 1);
        double[] smoothed = new double[values.length];
        double average = 0;
        double weight = 1;
        for (int i = 0; i < values.length; i++) {
            average = decay * average + (1 - decay) * values[i];
            weight *= decay;
            smoothed[i] = average / (1 - weight);
        }
        return smoothed;
    }
}
