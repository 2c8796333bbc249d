package dev.vecnet.classic;

/**
 * Rosenblatt's perceptron (1958): a threshold unit {@code f(x) = 1 if w.x + b > 0 else 0} trained online,
 * example by example, with {@code w_i += alpha (d - y) x_i} and {@code b += alpha (d - y)}, where {@code d}
 * is the desired output (0 or 1) and {@code y = f(x)}. On linearly separable data it stops making errors
 * after finitely many updates; on other data it never settles.
 *
 * <p>Weights are kept in double. Not thread-safe (training mutates it); {@link #predict} allocates nothing.
 */
public final class Perceptron {
    private final double[] weights;
    private double bias;
    private final double alpha;

    /**
     * An untrained unit: weights and bias 0.
     *
     * @param features inputs per example
     * @param alpha    the learning rate, {@code > 0}; weights start at 0
     */
    public Perceptron(int features, double alpha) {
        if (features < 1 || !(alpha > 0)) {
            throw new IllegalArgumentException("need features >= 1 and alpha > 0, got " + features + ", " + alpha);
        }
        this.weights = new double[features];
        this.alpha = alpha;
    }

    /**
     * {@code 1 if w.x + b > 0 else 0} for the example at {@code x[off..off+features)}.
     *
     * @param x holds the example in {@code x[off .. off + features)}; not modified
     * @param off index in x of the example's first feature
     * @return the unit's output, 0 or 1
     */
    public int predict(float[] x, int off) {
        double s = bias;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i] * x[off + i];
        }
        return s > 0 ? 1 : 0;
    }

    /**
     * One epoch: each example in order, predict then update.
     *
     * @param x       {@code [n][features]}, row-major; not modified
     * @param desired {@code [n]}, each 0 or 1
     * @param n number of examples, the first n rows of x and entries of desired
     * @return the number of examples misclassified (and so updated) during the epoch
     */
    public int trainEpoch(float[] x, int[] desired, int n) {
        int errors = 0;
        int f = weights.length;
        for (int e = 0; e < n; e++) {
            int d = desired[e];
            if (d != 0 && d != 1) {
                throw new IllegalArgumentException("desired output of example " + e + " is " + d + ", not 0 or 1");
            }
            int y = predict(x, e * f);
            if (y != d) {
                errors++;
                double step = alpha * (d - y);
                for (int i = 0; i < f; i++) {
                    weights[i] += step * x[e * f + i];
                }
                bias += step;
            }
        }
        return errors;
    }

    /**
     * Trains until an epoch makes no error or {@code maxEpochs} epochs have run.
     *
     * @param x the examples, {@code [n][features]} row-major; not modified
     * @param desired {@code [n]} desired outputs, each 0 or 1; not modified
     * @param n number of examples, the first n rows of x and entries of desired
     * @param maxEpochs the most epochs to run, {@code >= 0}
     * @return the number of epochs run; the last had no error iff it is less than or equal to
     *         {@code maxEpochs} and {@link #errors} is then 0
     */
    public int train(float[] x, int[] desired, int n, int maxEpochs) {
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            if (trainEpoch(x, desired, n) == 0) {
                return epoch;
            }
        }
        return maxEpochs;
    }

    /**
     * Misclassified examples with the current weights.
     *
     * @param x the examples, {@code [n][features]} row-major; not modified
     * @param desired {@code [n]} desired outputs, each 0 or 1; not modified
     * @param n number of examples, the first n rows of x and entries of desired
     * @return how many of the n examples the current weights misclassify
     */
    public int errors(float[] x, int[] desired, int n) {
        int errors = 0;
        for (int e = 0; e < n; e++) {
            errors += predict(x, e * weights.length) != desired[e] ? 1 : 0;
        }
        return errors;
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
