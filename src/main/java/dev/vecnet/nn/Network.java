package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.Epilogue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A feed-forward network: a pipeline of {@link Layer}s, a {@link Loss} and an L2 penalty, with every
 * buffer sized once for a maximum batch.
 *
 * <p><b>Loss.</b> {@code L = mean data loss + (lambda / 2) * sum w^2} over the weights of dense and
 * maxout layers only (not biases, PReLU slopes or BatchNorm parameters), so the penalty adds
 * {@code lambda * w} to each weight's gradient, as PyTorch's {@code weight_decay = lambda} does.
 *
 * <p><b>Memory.</b> The network holds the parameter values (one flat array, {@link #parameters()}),
 * BatchNorm's running statistics among them, and nothing per batch. Training buffers (activations, their
 * gradients, dropout masks, a flat parameter-gradient array) belong to a {@link TrainingContext}
 * ({@link #newTrainingContext}), inference buffers to an {@link InferenceContext}
 * ({@link #newInferenceContext}); both are sized when created and allocate nothing per call.
 *
 * <p><b>Modes.</b> The network has no mode: {@link TrainingContext#forwardBackward} runs in training mode,
 * {@link TrainingContext#evaluate} and inference contexts in evaluation mode.
 *
 * <p><b>Threads.</b> Contexts are per thread; see {@link TrainingContext} for which training calls may run
 * concurrently. Once trained, any number of threads may each use their own {@link InferenceContext}
 * concurrently, as long as nobody changes the parameters meanwhile.
 */
public final class Network {
    private final int inputSize;
    private final List<Layer> layers;
    private final Loss loss;
    private final float l2;
    private final int maxBatch;
    private final boolean checkInputs;
    private final Parameters parameters;
    private final List<String> architecture;
    /** Element ranges [start, end) of the tensors L2 applies to. */
    private final int[] decayedStarts;
    private final int[] decayedEnds;

    private Network(Builder b, List<Layer> layers, List<String> architecture, Parameters parameters) {
        this.inputSize = b.inputSize;
        this.layers = Collections.unmodifiableList(layers);
        this.loss = b.loss;
        this.l2 = b.l2;
        this.maxBatch = b.maxBatch;
        this.checkInputs = b.checkInputs;
        this.parameters = parameters;
        this.architecture = Collections.unmodifiableList(architecture);
        List<ParameterTensor> decayed = parameters.tensors().stream().filter(ParameterTensor::decayed).toList();
        this.decayedStarts = decayed.stream().mapToInt(ParameterTensor::offset).toArray();
        this.decayedEnds = decayed.stream().mapToInt(t -> t.offset() + t.size()).toArray();
    }

    /** Starts a network whose examples have {@code inputSize} features. */
    public static Builder builder(int inputSize) {
        return new Builder(inputSize);
    }

    /** Features per example. */
    public int inputSize() {
        return inputSize;
    }

    /** Scores per example. */
    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    /** The largest batch the library's trainers and evaluators run ({@code Trainer}, {@code Evaluator}). */
    public int maxBatch() {
        return maxBatch;
    }

    /** The layers as they run (a dense layer may carry its fused ReLU). */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * The architecture as PyTorch's {@code nn.Sequential} would list it, one entry per module
     * (a fused dense + ReLU is two entries), e.g. {@code [dense(64 -> 128), relu, dense(128 -> 10)]}.
     */
    public List<String> architecture() {
        return architecture;
    }

    /** The loss. */
    public Loss loss() {
        return loss;
    }

    /** The L2 strength lambda. */
    public float l2() {
        return l2;
    }

    /** The parameter values and their layout. After changing values, call {@link #parametersChanged()}. */
    public Parameters parameters() {
        return parameters;
    }

    /**
     * Tells the layers that parameter values changed (an optimizer step, a load), so that they refresh
     * what they derive from them (packed weights): dense layers mark their pack stale and repack it on the
     * next forward that uses it. Allocates nothing. Call it on the training thread, before handing the
     * network to inference threads.
     */
    public void parametersChanged() {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).parametersChanged();
        }
    }

    /** BatchNorm layers' {@code num_batches_tracked}, in layer order (for model files). */
    public long[] batchesTracked() {
        return layers.stream().filter(l -> l instanceof BatchNorm).mapToLong(l -> ((BatchNorm) l).batchesTracked()).toArray();
    }

    /** Restores BatchNorm layers' {@code num_batches_tracked}, in layer order. */
    public void setBatchesTracked(long[] counts) {
        int i = 0;
        for (Layer layer : layers) {
            if (layer instanceof BatchNorm) {
                if (i >= counts.length) {
                    throw new IllegalArgumentException("expected a count per BatchNorm layer, got " + counts.length);
                }
                ((BatchNorm) layer).setBatchesTracked(counts[i++]);
            }
        }
    }

    /** A context for inference on another thread, for batches of up to {@code maxBatch} examples. */
    public InferenceContext newInferenceContext(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        return new InferenceContext(this, maxBatch);
    }

    /**
     * A context for training on one thread, for batches of up to {@code maxBatch} examples: its own
     * activations, layer states and parameter-gradient array, and the input gradient when
     * {@code inputGradient} (it costs one extra product per step). Any {@code maxBatch >= 1} is allowed,
     * independently of {@link #maxBatch()}, since the buffers are the context's. Allocates them all now.
     */
    public TrainingContext newTrainingContext(int maxBatch, boolean inputGradient) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        return new TrainingContext(this, maxBatch, inputGradient);
    }

    /** Whether inputs are checked for NaN and infinity ({@link Builder#checkInputs}). */
    public boolean checksInputs() {
        return checkInputs;
    }

    /**
     * Returns the L2 penalty {@code (lambda / 2) sum w^2} and, when {@code g} is not null, adds
     * {@code lambda * w} to the weights' entries of the gradient array {@code g}.
     */
    double l2Penalty(float[] g) {
        if (l2 == 0f) {
            return 0;
        }
        float[] w = parameters.values();
        double sum = 0;
        // Indexed loops over precomputed ranges: an iterator here would allocate on every step.
        for (int t = 0; t < decayedStarts.length; t++) {
            int end = decayedEnds[t];
            for (int i = decayedStarts[t]; i < end; i++) {
                sum += (double) w[i] * w[i];
                if (g != null) {
                    g[i] += l2 * w[i];
                }
            }
        }
        return 0.5 * l2 * sum;
    }

    void checkBatch(float[] x, int xOff, int batch, int limit) {
        if (batch < 1 || batch > limit) {
            throw new IllegalArgumentException("batch must be in [1, " + limit + "], was " + batch);
        }
        if (x == null) {
            throw new IllegalArgumentException("x must not be null");
        }
        long end = xOff + (long) batch * inputSize;
        if (xOff < 0 || end > x.length) {
            throw new IllegalArgumentException("x is too short: " + batch + " examples of " + inputSize
                    + " features from offset " + xOff + " need length >= " + end + ", was " + x.length);
        }
        if (checkInputs && !Elementwise.allFinite(batch * inputSize, x, xOff)) {
            for (int i = xOff; i < end; i++) {
                if (!Float.isFinite(x[i])) {
                    int e = (i - xOff) / inputSize;
                    throw new IllegalArgumentException("input of example " + e + ", feature " + (i - xOff - e * inputSize)
                            + " is " + x[i] + " (disable with Network.Builder.checkInputs(false))");
                }
            }
        }
    }

    /**
     * Builds a {@link Network}. Layer methods append a module; {@code dense(n)} followed by {@code relu()}
     * or {@code leakyRelu(s)} is fused into one layer (same results, one pass fewer), unless
     * {@code fuse(false)}.
     *
     * <p>Defaults: weights {@link Init#HE_NORMAL}, biases 0; loss softmax cross-entropy; L2 0; seed 0;
     * max batch 64; input checking on.
     */
    public static final class Builder {
        private final int inputSize;
        private final List<Module> modules = new ArrayList<>();
        private Init init = Init.HE_NORMAL;
        private Loss loss = Loss.softmaxCrossEntropy();
        private float l2;
        private long seed;
        private int maxBatch = 64;
        private boolean fuse = true;
        private boolean checkInputs = true;
        private int width;

        private Builder(int inputSize) {
            if (inputSize < 1) {
                throw new IllegalArgumentException("inputSize must be >= 1, was " + inputSize);
            }
            this.inputSize = inputSize;
            this.width = inputSize;
        }

        private enum Kind { DENSE, ACTIVATION, PRELU, MAXOUT, BATCH_NORM, DROPOUT }

        /** One module of the sequential architecture, before fusion. */
        private record Module(Kind kind, int in, int out, Init init, Activation.Kind activation, float a, float b,
                              boolean flag, int pieces) {
        }

        private Builder add(Kind kind, int out, Init layerInit, Activation.Kind activation, float a, float b,
                            boolean flag, int pieces) {
            modules.add(new Module(kind, width, out, layerInit, activation, a, b, flag, pieces));
            width = out;
            return this;
        }

        /** Fully-connected layer with {@code units} outputs, initialised with the current default. */
        public Builder dense(int units) {
            return dense(units, init);
        }

        /** Fully-connected layer with {@code units} outputs and this initialiser. */
        public Builder dense(int units, Init layerInit) {
            requirePositive("units", units);
            return add(Kind.DENSE, units, nonNull(layerInit, "init"), null, 0f, 0f, false, 0);
        }

        /** Maxout layer: {@code units} outputs, each the max of {@code pieces} linear pieces. */
        public Builder maxout(int units, int pieces) {
            requirePositive("units", units);
            if (pieces < 2) {
                throw new IllegalArgumentException("maxout needs at least 2 pieces, was " + pieces);
            }
            return add(Kind.MAXOUT, units, init, null, 0f, 0f, false, pieces);
        }

        /** Sigmoid activation. */
        public Builder sigmoid() {
            return activation(Activation.Kind.SIGMOID, 0f);
        }

        /** Tanh activation. */
        public Builder tanh() {
            return activation(Activation.Kind.TANH, 0f);
        }

        /** ReLU activation. */
        public Builder relu() {
            return activation(Activation.Kind.RELU, 0f);
        }

        /** Leaky ReLU with PyTorch's default slope 0.01. */
        public Builder leakyRelu() {
            return leakyRelu(0.01f);
        }

        /** Leaky ReLU with this negative slope. */
        public Builder leakyRelu(float slope) {
            if (!Float.isFinite(slope)) {
                throw new IllegalArgumentException("leaky ReLU slope must be finite, was " + slope);
            }
            return activation(Activation.Kind.LEAKY_RELU, slope);
        }

        /** ELU with alpha 1. */
        public Builder elu() {
            return elu(1f);
        }

        /** ELU with this alpha. */
        public Builder elu(float alpha) {
            if (!(alpha > 0f) || !Float.isFinite(alpha)) {
                throw new IllegalArgumentException("ELU alpha must be positive and finite, was " + alpha);
            }
            return activation(Activation.Kind.ELU, alpha);
        }

        private Builder activation(Activation.Kind kind, float parameter) {
            return add(Kind.ACTIVATION, width, null, kind, parameter, 0f, false, 0);
        }

        /** PReLU with one learned slope shared by all features (PyTorch's default). */
        public Builder prelu() {
            return prelu(false);
        }

        /** PReLU with one learned slope per feature when {@code perFeature}, else one shared. */
        public Builder prelu(boolean perFeature) {
            return add(Kind.PRELU, width, null, null, 0f, 0f, perFeature, 0);
        }

        /** Batch normalisation with PyTorch's defaults (eps 1e-5, momentum 0.1). */
        public Builder batchNorm() {
            return batchNorm(BatchNorm.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM);
        }

        /** Batch normalisation with these settings. */
        public Builder batchNorm(float eps, float momentum) {
            return add(Kind.BATCH_NORM, width, null, null, eps, momentum, false, 0);
        }

        /** Inverted dropout with drop probability {@code p} in [0, 1). */
        public Builder dropout(float p) {
            if (!(p >= 0f && p < 1f)) {
                throw new IllegalArgumentException("dropout probability must be in [0, 1), was " + p);
            }
            return add(Kind.DROPOUT, width, null, null, p, 0f, false, 0);
        }

        /** The initialiser of dense and maxout layers added after this call. */
        public Builder init(Init defaultInit) {
            this.init = nonNull(defaultInit, "init");
            return this;
        }

        /** The loss (default softmax cross-entropy). */
        public Builder loss(Loss lossFunction) {
            this.loss = nonNull(lossFunction, "loss");
            return this;
        }

        /** L2 strength lambda >= 0 (default 0). */
        public Builder l2(float lambda) {
            if (!(lambda >= 0f) || !Float.isFinite(lambda)) {
                throw new IllegalArgumentException("l2 must be finite and >= 0, was " + lambda);
            }
            this.l2 = lambda;
            return this;
        }

        /** Seed of weight initialisation and dropout masks (default 0). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Largest batch of training (default 64). */
        public Builder maxBatch(int value) {
            requirePositive("maxBatch", value);
            this.maxBatch = value;
            return this;
        }

        /** Whether to fuse dense + ReLU / leaky ReLU into one layer (default true). */
        public Builder fuse(boolean value) {
            this.fuse = value;
            return this;
        }

        /** Whether inputs are checked for NaN and infinity (default true). */
        public Builder checkInputs(boolean value) {
            this.checkInputs = value;
            return this;
        }

        /** Builds the network: allocates and initialises the parameters. */
        public Network build() {
            if (modules.isEmpty()) {
                throw new IllegalStateException("a network needs at least one layer");
            }
            List<Layer> layers = new ArrayList<>();
            List<String> architecture = new ArrayList<>();
            Parameters.Layout layout = new Parameters.Layout();
            SplittableRandom dropoutSeeds = new SplittableRandom(seed ^ 0x5DEECE66DL);
            for (int i = 0; i < modules.size(); i++) {
                Module m = modules.get(i);
                Module next = i + 1 < modules.size() ? modules.get(i + 1) : null;
                Layer layer;
                String prefix = i + ".";
                switch (m.kind) {
                    case DENSE:
                        Epilogue fused = fuse && next != null ? fusable(next) : Epilogue.IDENTITY;
                        layer = new Dense(m.in, m.out, m.init, fused, fused == Epilogue.LEAKY_RELU ? next.a : 0f);
                        architecture.add(new Dense(m.in, m.out, m.init, Epilogue.IDENTITY, 0f).describe());
                        if (fused != Epilogue.IDENTITY) {
                            architecture.add(new Activation(m.out, next.activation, next.a).describe());
                            i++;
                        }
                        break;
                    case MAXOUT:
                        layer = new Maxout(m.in, m.out, m.pieces, m.init);
                        break;
                    case ACTIVATION:
                        layer = new Activation(m.in, m.activation, m.a);
                        break;
                    case PRELU:
                        layer = new PRelu(m.in, m.flag);
                        break;
                    case BATCH_NORM:
                        layer = new BatchNorm(m.in, m.a, m.b);
                        break;
                    default:
                        layer = new Dropout(m.in, m.a, dropoutSeeds.nextLong());
                        break;
                }
                if (m.kind != Kind.DENSE) {
                    architecture.add(layer.describe());
                }
                layer.declare(layout, prefix);
                layers.add(layer);
            }
            Parameters parameters = layout.allocate();
            SplittableRandom weights = new SplittableRandom(seed);
            for (Layer layer : layers) {
                layer.bind(parameters, weights);
            }
            return new Network(this, layers, architecture, parameters);
        }

        private static Epilogue fusable(Module next) {
            if (next.kind != Kind.ACTIVATION) {
                return Epilogue.IDENTITY;
            }
            if (next.activation == Activation.Kind.RELU) {
                return Epilogue.RELU;
            }
            // Backward recovers the sign of the pre-activation from the output: only a positive slope allows it.
            return next.activation == Activation.Kind.LEAKY_RELU && next.a > 0f ? Epilogue.LEAKY_RELU : Epilogue.IDENTITY;
        }

        private static void requirePositive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1, was " + value);
            }
        }

        private static <T> T nonNull(T value, String name) {
            if (value == null) {
                throw new IllegalArgumentException(name + " must not be null");
            }
            return value;
        }
    }
}
