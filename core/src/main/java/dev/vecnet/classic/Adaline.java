package dev.vecnet.classic;

/**
 * Widrow and Hoff's Adaline (1960): a linear unit {@code y = w.x + b} trained on the squared error
 * {@code E = 1/2 sum_e (d_e - y_e)^2} by full-batch gradient descent, {@code w += mu * sum_e (d_e - y_e) x_e}
 * and {@code b += mu * sum_e (d_e - y_e)}. For a small enough {@code mu} (below {@code 2 / lambda_max} of
 * {@code X^T X} with a column of ones) it converges to the least-squares solution, separable data or not.
 * Classification thresholds the output: {@code 1 if y > threshold else 0}.
 *
 * <p>Weights and sums are kept in double. Not thread-safe; an epoch allocates one {@code double[features]}
 * gradient buffer, owned by the instance.
 */
public final class Adaline {
    private final double[] weights;
    private final double[] gradient;
    private double bias;
    private final double mu;

    /**
     * An untrained unit: weights and bias 0.
     *
     * @param features inputs per example
     * @param mu       the step size, {@code > 0}; weights start at 0
     */
    public Adaline(int features, double mu) {
        if (features < 1 || !(mu > 0)) {
            throw new IllegalArgumentException("need features >= 1 and mu > 0, got " + features + ", " + mu);
        }
        this.weights = new double[features];
        this.gradient = new double[features];
        this.mu = mu;
    }

    /**
     * The linear output {@code w.x + b} for the example at {@code x[off..off+features)}.
     *
     * @param x holds the example in {@code x[off .. off + features)}; not modified
     * @param off index in x of the example's first feature
     * @return the linear output {@code w.x + b}
     */
    public double output(float[] x, int off) {
        double s = bias;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i] * x[off + i];
        }
        return s;
    }

    /**
     * {@code 1 if output > threshold else 0}.
     *
     * @param x holds the example in {@code x[off .. off + features)}; not modified
     * @param off index in x of the example's first feature
     * @param threshold the output above which the class is 1
     * @return 1 if the output exceeds threshold, else 0
     */
    public int classify(float[] x, int off, double threshold) {
        return output(x, off) > threshold ? 1 : 0;
    }

    /**
     * One batch update over all {@code n} examples.
     *
     * @param x       {@code [n][features]}; not modified
     * @param desired {@code [n]} target outputs; not modified
     * @param n number of examples, the first n rows of x and entries of desired
     * @return the mean squared error {@code mean (d - y)^2} before the update
     */
    public double trainEpoch(float[] x, float[] desired, int n) {
        int f = weights.length;
        java.util.Arrays.fill(gradient, 0);
        double biasGradient = 0;
        double squared = 0;
        for (int e = 0; e < n; e++) {
            double error = desired[e] - output(x, e * f);
            squared += error * error;
            for (int i = 0; i < f; i++) {
                gradient[i] += error * x[e * f + i];
            }
            biasGradient += error;
        }
        for (int i = 0; i < f; i++) {
            weights[i] += mu * gradient[i];
        }
        bias += mu * biasGradient;
        return squared / Math.max(1, n);
    }

    /**
     * Runs {@code epochs} batch updates; returns the mean squared error before the last.
     *
     * @param x the examples, {@code [n][features]} row-major; not modified
     * @param desired {@code [n]} target outputs; not modified
     * @param n number of examples, the first n rows of x and entries of desired
     * @param epochs number of batch updates to run, {@code >= 0}
     * @return the mean squared error before the last update; NaN when epochs is 0
     */
    public double train(float[] x, float[] desired, int n, int epochs) {
        double mse = Double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++) {
            mse = trainEpoch(x, desired, n);
        }
        return mse;
    }

    /**
     * A copy of the weights {@code w}.
     *
     * @return a new array holding the {@code features} weights
     */
    public double[] weights() {
        return weights.clone();
    }

    /**
     * The bias {@code b}.
     *
     * @return the current bias
     */
    public double bias() {
        return bias;
    }
}
