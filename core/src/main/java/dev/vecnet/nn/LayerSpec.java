package dev.vecnet.nn;

/**
 * One module of a sequential network, as PyTorch's {@code nn.Sequential} would list it: what the module
 * computes and its settings, not its weights or buffers. The vocabulary of layers: {@link Network.Builder}
 * appends these, {@link NetworkSpec} lists them, model files and the command line's architecture strings
 * are written in them.
 *
 * <p>Shapes: every module maps {@code [batch][inputSize]} to {@code [batch][outputSize(inputSize)]};
 * its input size is the previous module's output size (the network's input size for the first).
 *
 * <p>Each record checks its settings in its constructor and throws {@link IllegalArgumentException}
 * naming the setting and the value. Records are immutable and thread-safe; equality is by value (floats
 * compared bit for bit as {@link Float#compare} does, so {@code -0.0} differs from {@code 0.0}).
 */
public sealed interface LayerSpec {

    /**
     * Features per example coming out, given {@code inputSize} going in.
     *
     * @param inputSize features per example going in (the previous module's output size), {@code >= 1}
     * @return features per example coming out: {@code inputSize} for elementwise modules, BatchNorm and
     *         dropout, {@code units} for dense and maxout layers
     */
    int outputSize(int inputSize);

    /**
     * Parameter floats this module holds with {@code inputSize} features going in, BatchNorm's running
     * statistics included (they are stored with the parameters).
     *
     * @param inputSize features per example going in, {@code >= 1}
     * @return {@code outputs * (inputSize + 1)} for dense ({@code outputs = units}) and maxout
     *         ({@code outputs = units * pieces}), {@code 4 * inputSize} for BatchNorm, {@code inputSize} or 1 for
     *         PReLU, 0 for the modules without parameters
     * @throws ArithmeticException when the count overflows a long (impossible for valid int sizes)
     */
    long parameterCount(int inputSize);

    /**
     * Fully-connected layer, PyTorch's {@code nn.Linear(in, units)}: {@code y = x W^T + b}, {@code W}
     * {@code [units][in]}, {@code b [units]}; maps {@code [batch][in]} to {@code [batch][units]}.
     *
     * @param units output features, >= 1
     * @param init  weight initialiser, or null for the network's default ({@link NetworkSpec#init()});
     *              biases start at 0
     */
    record Dense(int units, Init init) implements LayerSpec {
        /**
         * Checks the settings.
         *
         * @param units output features, >= 1
         * @param init  weight initialiser, or null for the network's default
         * @throws IllegalArgumentException when {@code units < 1}
         */
        public Dense {
            requirePositive("dense", "units", units);
        }

        /**
         * A dense layer initialised with the network's default.
         *
         * @param units output features, >= 1
         * @throws IllegalArgumentException when {@code units < 1}
         */
        public Dense(int units) {
            this(units, null);
        }

        @Override
        public int outputSize(int inputSize) {
            return units;
        }

        @Override
        public long parameterCount(int inputSize) {
            return linearCount(units, inputSize);
        }
    }

    /**
     * Maxout (Goodfellow et al., 2013): {@code y_u = max_j (w_{u,j} x + b_{u,j})} over {@code pieces}
     * linear pieces per unit; one linear map {@code [units * pieces][in]} with bias
     * {@code [units * pieces]}; maps {@code [batch][in]} to {@code [batch][units]}.
     *
     * @param units  output features, >= 1
     * @param pieces linear pieces per unit, >= 2, with {@code units * pieces} an int
     * @param init   weight initialiser, or null for the network's default
     */
    record Maxout(int units, int pieces, Init init) implements LayerSpec {
        /**
         * Checks the settings.
         *
         * @param units  output features, >= 1
         * @param pieces linear pieces per unit, >= 2, with {@code units * pieces <= Integer.MAX_VALUE}
         * @param init   weight initialiser, or null for the network's default
         * @throws IllegalArgumentException when a setting is out of range
         */
        public Maxout {
            requirePositive("maxout", "units", units);
            if (pieces < 2) {
                throw new IllegalArgumentException("maxout pieces must be >= 2, was " + pieces);
            }
            if ((long) units * pieces > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxout units * pieces must be at most " + Integer.MAX_VALUE
                        + ", was " + units + " * " + pieces);
            }
        }

        /**
         * A maxout layer initialised with the network's default.
         *
         * @param units  output features, >= 1
         * @param pieces linear pieces per unit, >= 2, with {@code units * pieces <= Integer.MAX_VALUE}
         * @throws IllegalArgumentException when a setting is out of range
         */
        public Maxout(int units, int pieces) {
            this(units, pieces, null);
        }

        @Override
        public int outputSize(int inputSize) {
            return units;
        }

        @Override
        public long parameterCount(int inputSize) {
            return linearCount(units * pieces, inputSize);
        }
    }

    /** Logistic sigmoid, elementwise: {@code y = 1 / (1 + e^-x)}; shape unchanged. */
    record Sigmoid() implements SameWidth {
    }

    /** Hyperbolic tangent, elementwise: {@code y = tanh(x)}; shape unchanged. */
    record Tanh() implements SameWidth {
    }

    /** Rectified linear unit, elementwise: {@code y = max(0, x)}; shape unchanged. */
    record Relu() implements SameWidth {
    }

    /**
     * Leaky ReLU, PyTorch's {@code nn.LeakyReLU(slope)}, elementwise: {@code y = x < 0 ? slope * x : x};
     * shape unchanged.
     *
     * @param slope the negative slope, finite (PyTorch's default 0.01)
     */
    record LeakyRelu(float slope) implements SameWidth {
        /** PyTorch's default negative slope. */
        public static final float DEFAULT_SLOPE = 0.01f;

        /**
         * Checks the settings.
         *
         * @param slope the negative slope, finite; may be 0 or negative
         * @throws IllegalArgumentException when {@code slope} is NaN or infinite
         */
        public LeakyRelu {
            if (!Float.isFinite(slope)) {
                throw new IllegalArgumentException("leaky_relu slope must be finite, was " + slope);
            }
        }

        /** Leaky ReLU with the default slope 0.01. */
        public LeakyRelu() {
            this(DEFAULT_SLOPE);
        }
    }

    /**
     * Exponential linear unit, PyTorch's {@code nn.ELU(alpha)}, elementwise:
     * {@code y = x > 0 ? x : alpha (e^x - 1)}; shape unchanged.
     *
     * @param alpha finite and > 0 (PyTorch's default 1)
     */
    record Elu(float alpha) implements SameWidth {
        /**
         * Checks the settings.
         *
         * @param alpha finite and > 0
         * @throws IllegalArgumentException when {@code alpha} is not finite and positive
         */
        public Elu {
            if (!(alpha > 0f) || !Float.isFinite(alpha)) {
                throw new IllegalArgumentException("elu alpha must be finite and > 0, was " + alpha);
            }
        }

        /** ELU with alpha 1. */
        public Elu() {
            this(1f);
        }
    }

    /**
     * PyTorch's {@code nn.PReLU}, elementwise: {@code y = x > 0 ? x : a * x} with a learned slope
     * {@code a} (initialised to 0.25), {@code [1]} shared by all features or {@code [in]} one per
     * feature; shape unchanged.
     *
     * @param perFeature one slope per feature (else one shared, PyTorch's default)
     */
    record PRelu(boolean perFeature) implements SameWidth {
        /** One shared slope. */
        public PRelu() {
            this(false);
        }

        @Override
        public long parameterCount(int inputSize) {
            return perFeature ? inputSize : 1;
        }
    }

    /**
     * Batch normalisation over features, PyTorch's {@code nn.BatchNorm1d(in, eps, momentum)}: in training
     * {@code y = gamma (x - mean) / sqrt(var + eps) + beta} with the batch's mean and biased variance,
     * and {@code running = (1 - momentum) running + momentum * batch statistic}; in evaluation the
     * running statistics replace the batch's. Tensors {@code gamma, beta, running_mean, running_var}, each
     * {@code [in]}; shape unchanged.
     *
     * @param eps      added to the variance, finite and > 0 (default 1e-5)
     * @param momentum weight of the current batch in the running statistics, in [0, 1] (default 0.1)
     */
    record BatchNorm(float eps, float momentum) implements SameWidth {
        /** PyTorch's default epsilon. */
        public static final float DEFAULT_EPS = 1e-5f;
        /** PyTorch's default momentum. */
        public static final float DEFAULT_MOMENTUM = 0.1f;

        /**
         * Checks the settings.
         *
         * @param eps      added to the variance, finite and > 0
         * @param momentum weight of the current batch in the running statistics, in [0, 1]
         * @throws IllegalArgumentException when a setting is out of range
         */
        public BatchNorm {
            if (!(eps > 0f) || !Float.isFinite(eps)) {
                throw new IllegalArgumentException("batchnorm eps must be finite and > 0, was " + eps);
            }
            if (!(momentum >= 0f && momentum <= 1f)) {
                throw new IllegalArgumentException("batchnorm momentum must be in [0, 1], was " + momentum);
            }
        }

        /** PyTorch's defaults: eps 1e-5, momentum 0.1. */
        public BatchNorm() {
            this(DEFAULT_EPS, DEFAULT_MOMENTUM);
        }

        @Override
        public long parameterCount(int inputSize) {
            return 4L * inputSize;
        }
    }

    /**
     * Inverted dropout, PyTorch's {@code nn.Dropout(p)}: in training each element is zeroed with
     * probability {@code p} and survivors are scaled by {@code 1 / (1 - p)}; in evaluation
     * {@code y = x}. Shape unchanged.
     *
     * @param p the drop probability, in [0, 1)
     */
    record Dropout(float p) implements SameWidth {
        /**
         * Checks the settings.
         *
         * @param p the drop probability, in [0, 1)
         * @throws IllegalArgumentException when {@code p} is outside [0, 1)
         */
        public Dropout {
            if (!(p >= 0f && p < 1f)) {
                throw new IllegalArgumentException("dropout p must be in [0, 1), was " + p);
            }
        }
    }

    /** A module whose output has as many features as its input: {@code [batch][in]} to {@code [batch][in]}. */
    sealed interface SameWidth extends LayerSpec permits Sigmoid, Tanh, Relu, LeakyRelu, Elu, PRelu, BatchNorm,
            Dropout {
        @Override
        default int outputSize(int inputSize) {
            return inputSize;
        }

        @Override
        default long parameterCount(int inputSize) {
            return 0;
        }
    }

    private static void requirePositive(String kind, String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(kind + " " + field + " must be >= 1, was " + value);
        }
    }

    /** Weights {@code [outputs][in]} and bias {@code [outputs]}. */
    private static long linearCount(int outputs, int inputSize) {
        return (long) outputs * (inputSize + 1L);
    }
}
