package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;

import java.util.ArrayList;
import java.util.List;

/**
 * A feed-forward network: a pipeline of {@link Layer}s, a {@link Loss} and an L2 penalty, with every
 * buffer sized once for a maximum batch.
 *
 * <p><b>Construction.</b> A network is built from a {@link NetworkSpec} (what it is: modules, loss, L2,
 * default initialiser) and {@link BuildOptions} (how: seed, maximum batch, fusion, input checks), with
 * {@link #from} or the fluent {@link Builder}; {@link #spec()} and {@link #options()} return them.
 *
 * <p><b>Loss.</b> {@code L = mean data loss + (lambda / 2) * sum w^2} over the weights of dense and
 * maxout layers only (not biases, PReLU slopes or BatchNorm parameters), so the penalty adds
 * {@code lambda * w} to each weight's gradient, as PyTorch's {@code weight_decay = lambda} does.
 *
 * <p><b>Memory.</b> Parameters and gradients are two flat arrays ({@link #parameters()}); the training
 * context (activations, their gradients, BatchNorm statistics, dropout masks) is allocated on the first
 * training call. After that, {@link #forwardBackward} and {@link #loss} allocate nothing for any batch
 * up to {@link #maxBatch()}; neither does {@link InferenceContext}.
 *
 * <p><b>Modes.</b> {@link #train()} and {@link #eval()} switch what {@link #loss} computes (dropout and
 * batch statistics on or off); {@link #forwardBackward} always runs in training mode; inference contexts
 * always evaluate.
 *
 * <p><b>Threads.</b> Training methods are not thread-safe: one thread trains. Once trained, any number of
 * threads may each use their own {@link InferenceContext} concurrently, as long as nobody changes the
 * parameters meanwhile.
 */
public final class Network {
    private final NetworkSpec spec;
    private final BuildOptions options;
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
    private TrainingContext training;
    private boolean trainingMode = true;

    private Network(NetworkSpec spec, BuildOptions options, LayerPlan plan) {
        this.spec = spec;
        this.options = options;
        this.inputSize = spec.inputSize();
        this.layers = plan.layers;
        this.loss = spec.loss();
        this.l2 = spec.l2();
        this.maxBatch = options.maxBatch();
        this.checkInputs = options.checkInputs();
        this.parameters = plan.parameters;
        this.architecture = plan.architecture;
        List<ParameterTensor> decayed = parameters.tensors().stream().filter(ParameterTensor::decayed).toList();
        this.decayedStarts = decayed.stream().mapToInt(ParameterTensor::offset).toArray();
        this.decayedEnds = decayed.stream().mapToInt(t -> t.offset() + t.size()).toArray();
    }

    /**
     * Builds the network {@code spec} describes: creates its layers (fusing as {@link LayerPlan} says
     * when {@link BuildOptions#fuse()}), allocates the flat parameter arrays and initialises them from
     * {@link BuildOptions#seed()}. The training context is allocated later, on the first training call.
     */
    public static Network from(NetworkSpec spec, BuildOptions options) {
        NetworkSpec.requireNonNull("spec", spec);
        NetworkSpec.requireNonNull("options", options);
        return new Network(spec, options, new LayerPlan(spec, options));
    }

    /** Starts a network whose examples have {@code inputSize} features. */
    public static Builder builder(int inputSize) {
        return new Builder(inputSize);
    }

    /** Starts from {@code spec}: its layers, loss, L2 and initialiser, with default build options. */
    public static Builder builder(NetworkSpec spec) {
        Builder b = new Builder(NetworkSpec.requireNonNull("spec", spec).inputSize());
        b.layers.addAll(spec.layers());
        return b.loss(spec.loss()).l2(spec.l2()).init(spec.init());
    }

    /** What this network is: the spec it was built from. */
    public NetworkSpec spec() {
        return spec;
    }

    /** How it was built: seed, maximum batch, fusion, input checks. */
    public BuildOptions options() {
        return options;
    }

    /** Features per example. */
    public int inputSize() {
        return inputSize;
    }

    /** Scores per example. */
    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    /** The largest batch the training context and default inference context accept. */
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

    /** Parameters and gradients. After changing parameter values, call {@link #parametersChanged()}. */
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

    /** Training mode: dropout active, BatchNorm uses and updates batch statistics. The default. */
    public Network train() {
        trainingMode = true;
        return this;
    }

    /** Evaluation mode for {@link #loss}: dropout off, BatchNorm uses its running statistics. */
    public Network eval() {
        trainingMode = false;
        return this;
    }

    /** Whether {@link #loss} runs in training mode. */
    public boolean isTraining() {
        return trainingMode;
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

    /**
     * One training step's gradients: forward in training mode, loss, backward. Overwrites
     * {@link Parameters#gradients()} with {@code dL/dparameters}, including the L2 term.
     *
     * @param x       inputs {@code [batch][inputSize]} from {@code xOff}; not modified
     * @param labels  class labels {@code [batch]} for label losses (else null)
     * @param targets targets {@code [batch][outputSize]} for target losses (else null)
     * @return the loss: mean data loss plus the L2 penalty
     */
    public double forwardBackward(float[] x, int xOff, int batch, int[] labels, float[] targets) {
        TrainingContext ctx = trainingContext();
        checkBatch(x, xOff, batch, maxBatch);
        double dataLoss = ctx.forward(x, xOff, batch, true, loss, labels, targets, true);
        ctx.backward(x, xOff, batch);
        return dataLoss + applyL2(true);
    }

    /**
     * The loss (mean data loss plus L2 penalty) in the current mode, without gradients. In training mode
     * this draws dropout masks and updates BatchNorm's running statistics, as a training forward does.
     */
    public double loss(float[] x, int xOff, int batch, int[] labels, float[] targets) {
        TrainingContext ctx = trainingContext();
        checkBatch(x, xOff, batch, maxBatch);
        return ctx.forward(x, xOff, batch, trainingMode, loss, labels, targets, false) + applyL2(false);
    }

    /** The data loss alone of the last {@link #forwardBackward} or {@link #loss} call. */
    public double lastDataLoss() {
        return trainingContext().lastDataLoss;
    }

    /**
     * The output scores {@code [batch][outputSize]} of the training context's last forward pass: a live
     * buffer, valid until the next training call.
     */
    public float[] lastScores() {
        TrainingContext ctx = trainingContext();
        return ctx.activations[ctx.activations.length - 1];
    }

    /**
     * {@code dL/dx} of the last {@link #forwardBackward}, {@code [batch][inputSize]}: a live buffer. Only
     * computed while {@link #setInputGradientEnabled} is on (it costs one extra product).
     */
    public float[] inputGradient() {
        return trainingContext().inputGradient;
    }

    /** Whether backward also computes the gradient with respect to the input (off by default). */
    public void setInputGradientEnabled(boolean enabled) {
        trainingContext().inputGradientEnabled = enabled;
    }

    /** A context for inference on another thread, for batches of up to {@code maxBatch} examples. */
    public InferenceContext newInferenceContext(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        return new InferenceContext(this, maxBatch);
    }

    /** Whether inputs are checked for NaN and infinity ({@link Builder#checkInputs}). */
    public boolean checksInputs() {
        return checkInputs;
    }

    TrainingContext trainingContext() {
        if (training == null) {
            training = new TrainingContext(this);
        }
        return training;
    }

    /** Adds lambda * w to the weights' gradients (when asked) and returns (lambda / 2) sum w^2. */
    private double applyL2(boolean gradients) {
        if (l2 == 0f) {
            return 0;
        }
        float[] w = parameters.values();
        float[] g = parameters.gradients();
        double sum = 0;
        // Indexed loops over precomputed ranges: an iterator here would allocate on every step.
        for (int t = 0; t < decayedStarts.length; t++) {
            int end = decayedEnds[t];
            for (int i = decayedStarts[t]; i < end; i++) {
                sum += (double) w[i] * w[i];
                if (gradients) {
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
     * Builds a {@link Network}: each layer method appends a {@link LayerSpec} (checked at once); the other
     * methods set the rest of the {@link NetworkSpec} or the {@link BuildOptions}. {@code dense(n)}
     * followed by {@code relu()} or {@code leakyRelu(s)} runs as one layer unless {@code fuse(false)}
     * ({@link LayerPlan}).
     *
     * <p>Defaults: weights {@link Init#HE_NORMAL}, biases 0; loss softmax cross-entropy; L2 0; and
     * {@link BuildOptions#defaults()}: seed 0, max batch 64, fusion on, input checking on. Not thread-safe.
     */
    public static final class Builder {
        private final int inputSize;
        private final List<LayerSpec> layers = new ArrayList<>();
        private Init init = Init.HE_NORMAL;
        private Loss loss = Loss.softmaxCrossEntropy();
        private float l2;
        private BuildOptions options = BuildOptions.defaults();

        private Builder(int inputSize) {
            if (inputSize < 1) {
                throw new IllegalArgumentException("inputSize must be >= 1, was " + inputSize);
            }
            this.inputSize = inputSize;
        }

        /** Appends {@code layer}. */
        public Builder add(LayerSpec layer) {
            layers.add(NetworkSpec.requireNonNull("layer", layer));
            return this;
        }

        /** Fully-connected layer with {@code units} outputs, initialised with the network's default. */
        public Builder dense(int units) {
            return add(new LayerSpec.Dense(units));
        }

        /** Fully-connected layer with {@code units} outputs and this initialiser. */
        public Builder dense(int units, Init layerInit) {
            return add(new LayerSpec.Dense(units, NetworkSpec.requireNonNull("init", layerInit)));
        }

        /** Maxout layer: {@code units} outputs, each the max of {@code pieces} linear pieces. */
        public Builder maxout(int units, int pieces) {
            return add(new LayerSpec.Maxout(units, pieces));
        }

        /** Maxout layer with this initialiser. */
        public Builder maxout(int units, int pieces, Init layerInit) {
            return add(new LayerSpec.Maxout(units, pieces, NetworkSpec.requireNonNull("init", layerInit)));
        }

        /** Sigmoid activation. */
        public Builder sigmoid() {
            return add(new LayerSpec.Sigmoid());
        }

        /** Tanh activation. */
        public Builder tanh() {
            return add(new LayerSpec.Tanh());
        }

        /** ReLU activation. */
        public Builder relu() {
            return add(new LayerSpec.Relu());
        }

        /** Leaky ReLU with PyTorch's default slope 0.01. */
        public Builder leakyRelu() {
            return add(new LayerSpec.LeakyRelu());
        }

        /** Leaky ReLU with this negative slope. */
        public Builder leakyRelu(float slope) {
            return add(new LayerSpec.LeakyRelu(slope));
        }

        /** ELU with alpha 1. */
        public Builder elu() {
            return add(new LayerSpec.Elu());
        }

        /** ELU with this alpha. */
        public Builder elu(float alpha) {
            return add(new LayerSpec.Elu(alpha));
        }

        /** PReLU with one learned slope shared by all features (PyTorch's default). */
        public Builder prelu() {
            return add(new LayerSpec.PRelu());
        }

        /** PReLU with one learned slope per feature when {@code perFeature}, else one shared. */
        public Builder prelu(boolean perFeature) {
            return add(new LayerSpec.PRelu(perFeature));
        }

        /** Batch normalisation with PyTorch's defaults (eps 1e-5, momentum 0.1). */
        public Builder batchNorm() {
            return add(new LayerSpec.BatchNorm());
        }

        /** Batch normalisation with these settings. */
        public Builder batchNorm(float eps, float momentum) {
            return add(new LayerSpec.BatchNorm(eps, momentum));
        }

        /** Inverted dropout with drop probability {@code p} in [0, 1). */
        public Builder dropout(float p) {
            return add(new LayerSpec.Dropout(p));
        }

        /**
         * The initialiser of every dense and maxout layer that names none, wherever it was added (default
         * {@link Init#HE_NORMAL}).
         */
        public Builder init(Init defaultInit) {
            this.init = NetworkSpec.requireNonNull("init", defaultInit);
            return this;
        }

        /** The loss (default softmax cross-entropy). */
        public Builder loss(Loss lossFunction) {
            this.loss = NetworkSpec.requireNonNull("loss", lossFunction);
            return this;
        }

        /** L2 strength lambda >= 0 (default 0). */
        public Builder l2(float lambda) {
            this.l2 = NetworkSpec.requireL2(lambda);
            return this;
        }

        /** Seed of weight initialisation and dropout masks (default 0). */
        public Builder seed(long value) {
            options = options.withSeed(value);
            return this;
        }

        /** Largest batch of training (default 64). */
        public Builder maxBatch(int value) {
            options = options.withMaxBatch(value);
            return this;
        }

        /** Whether to fuse dense + ReLU / leaky ReLU into one layer (default true). */
        public Builder fuse(boolean value) {
            options = options.withFuse(value);
            return this;
        }

        /** Whether inputs are checked for NaN and infinity (default true). */
        public Builder checkInputs(boolean value) {
            options = options.withCheckInputs(value);
            return this;
        }

        /**
         * The network described so far.
         *
         * @throws IllegalArgumentException when no layer was added
         */
        public NetworkSpec spec() {
            return new NetworkSpec(inputSize, layers, loss, l2, init);
        }

        /** The build options set so far. */
        public BuildOptions options() {
            return options;
        }

        /** Builds the network: {@link Network#from}{@code (spec(), options())}. */
        public Network build() {
            return Network.from(spec(), options);
        }
    }
}
