package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.WorkerTeam;

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
    /** Counts {@link #parametersChanged()} calls; volatile, as contexts on other threads read it. */
    private volatile long parameterGeneration;

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
    }

    /**
     * Builds the network {@code spec} describes: creates its layers (fusing as {@link LayerPlan} says
     * when {@link BuildOptions#fuse()}), allocates the flat parameter arrays and initialises them from
     * {@link BuildOptions#seed()}. Training and inference buffers are not allocated here but by the
     * contexts ({@link #newTrainingContext}, {@link #newInferenceContext}).
     *
     * @param spec    what to build, not null
     * @param options how to build it (seed, maximum batch, fusion, input checks), not null
     * @return a new network with freshly initialised parameters; the same spec and options give the same
     *         values
     * @throws IllegalArgumentException when {@code spec} or {@code options} is null
     */
    public static Network from(NetworkSpec spec, BuildOptions options) {
        NetworkSpec.requireNonNull("spec", spec);
        NetworkSpec.requireNonNull("options", options);
        return new Network(spec, options, new LayerPlan(spec, options));
    }

    /**
     * Starts a network whose examples have {@code inputSize} features.
     *
     * @param inputSize features per example, {@code >= 1}
     * @return a new builder with no layers and the defaults listed at {@link Builder}
     * @throws IllegalArgumentException when {@code inputSize < 1}
     */
    public static Builder builder(int inputSize) {
        return new Builder(inputSize);
    }

    /**
     * Starts from {@code spec}: its layers, loss, L2 and initialiser, with default build options.
     *
     * @param spec the network to start from, not null; not modified
     * @return a new builder to which further layers may be appended
     * @throws IllegalArgumentException when {@code spec} is null
     */
    public static Builder builder(NetworkSpec spec) {
        Builder b = new Builder(NetworkSpec.requireNonNull("spec", spec).inputSize());
        b.layers.addAll(spec.layers());
        return b.loss(spec.loss()).l2(spec.l2()).init(spec.init());
    }

    /**
     * What this network is: the spec it was built from.
     *
     * @return the spec given to {@link #from} (immutable)
     */
    public NetworkSpec spec() {
        return spec;
    }

    /**
     * How it was built: seed, maximum batch, fusion, input checks.
     *
     * @return the options given to {@link #from} (immutable)
     */
    public BuildOptions options() {
        return options;
    }

    /**
     * Features per example.
     *
     * @return {@code spec().inputSize()}, {@code >= 1}
     */
    public int inputSize() {
        return inputSize;
    }

    /**
     * Scores per example.
     *
     * @return the last layer's output size, {@code spec().outputSize()}
     */
    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    /**
     * The largest batch the library's trainers and evaluators run ({@code Trainer}, {@code Evaluator}).
     *
     * @return {@code options().maxBatch()}, {@code >= 1}
     */
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * The layers as they run (a dense layer may carry its fused ReLU).
     *
     * @return an unmodifiable list, in order from input to output; with fusion it may be shorter than
     *         {@code spec().layers()}
     */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * The architecture as PyTorch's {@code nn.Sequential} would list it, one entry per module
     * (a fused dense + ReLU is two entries), e.g. {@code [dense(64 -> 128), relu, dense(128 -> 10)]}.
     *
     * @return an unmodifiable list with one description per entry of {@code spec().layers()}
     */
    public List<String> architecture() {
        return architecture;
    }

    /**
     * The loss.
     *
     * @return the data loss of {@link #spec()}, applied to the last layer's scores
     */
    public Loss loss() {
        return loss;
    }

    /**
     * The L2 strength lambda.
     *
     * @return lambda of the penalty {@code (lambda / 2) sum w^2}, finite and {@code >= 0}
     */
    public float l2() {
        return l2;
    }

    /**
     * The parameter values and their layout. After changing values, call {@link #parametersChanged()}.
     *
     * @return the network's own parameters (live, not a copy), shared by all its contexts
     */
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
        parameterGeneration++;
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).parametersChanged();
        }
    }

    /**
     * How many times {@link #parametersChanged()} was called: what a context derives from the parameter values
     * (the L2 penalty) stays valid while this count stays the same.
     */
    long parameterGeneration() {
        return parameterGeneration;
    }

    /**
     * BatchNorm layers' {@code num_batches_tracked}, in layer order (for model files).
     *
     * @return a new array with one count per BatchNorm layer; empty when there is none
     */
    public long[] batchesTracked() {
        return layers.stream().filter(l -> l instanceof BatchNorm).mapToLong(l -> ((BatchNorm) l).batchesTracked()).toArray();
    }

    /**
     * Restores BatchNorm layers' {@code num_batches_tracked}, in layer order. Modifies the layers' counts.
     *
     * @param counts one count per BatchNorm layer, as {@link #batchesTracked()} returns them; entries beyond
     *               the number of BatchNorm layers are ignored
     * @throws IllegalArgumentException when {@code counts} has fewer entries than there are BatchNorm layers
     *                                  (the layers before the missing entry have been set)
     */
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
     * A context for inference on another thread, for batches of up to {@code maxBatch} examples.
     * Allocates its buffers now.
     *
     * @param maxBatch the largest batch the context accepts, {@code >= 1}, independent of
     *                 {@link #maxBatch()}
     * @return a new context reading this network's parameters
     * @throws IllegalArgumentException when {@code maxBatch < 1}
     */
    public InferenceContext newInferenceContext(int maxBatch) {
        return newInferenceContext(maxBatch, null);
    }

    /**
     * A context for inference that splits each batch across {@code team} by rows: every part runs its
     * own single-threaded replica (buffers for {@code ceil(maxBatch / threads)} rows) over a contiguous
     * share of the rows. Rows are independent in evaluation mode, so the scores have the same bits as
     * without a team. Batches too small to pay for a hand-off (about
     * {@link WorkerTeam#MIN_PARALLEL_PRODUCT} multiply-adds per part) run on the calling thread. Allocates
     * the buffers now; the team is used, not owned (closing it stays the caller's).
     *
     * @param maxBatch the largest batch the context accepts, {@code >= 1}, independent of {@link #maxBatch()}
     * @param team     the team to split batches across; null for the calling thread alone
     * @return a new context reading this network's parameters
     * @throws IllegalArgumentException when {@code maxBatch < 1} or the team is closed
     */
    public InferenceContext newInferenceContext(int maxBatch, WorkerTeam team) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        requireOpen(team);
        return new InferenceContext(this, maxBatch, team);
    }

    /**
     * A context for training on one thread, for batches of up to {@code maxBatch} examples: its own
     * activations, layer states and parameter-gradient array, and the input gradient when
     * {@code inputGradient} (it costs one extra product per step). Any {@code maxBatch >= 1} is allowed,
     * independently of {@link #maxBatch()}, since the buffers are the context's. Allocates them all now.
     *
     * @param maxBatch      the largest batch the context accepts, {@code >= 1}
     * @param inputGradient whether {@link TrainingContext#forwardBackward} also computes {@code dL/dx}
     * @return a new context reading this network's parameters
     * @throws IllegalArgumentException when {@code maxBatch < 1}
     */
    public TrainingContext newTrainingContext(int maxBatch, boolean inputGradient) {
        return newTrainingContext(maxBatch, inputGradient, null);
    }

    /**
     * A training context whose passes are split across {@code team} (see {@link TrainingContext}): every
     * product, row-wise pass and column reduction of a step is cut along a dimension that is not summed
     * over, so the gradients, loss and running statistics have the same bits as with no team. Allocates
     * the context's buffers now; the team is used, not owned (closing it stays the caller's).
     *
     * @param maxBatch      the largest batch the context accepts, {@code >= 1}
     * @param inputGradient whether {@link TrainingContext#forwardBackward} also computes {@code dL/dx}
     * @param team          the team to split passes across; null for the calling thread alone
     * @return a new context reading this network's parameters
     * @throws IllegalArgumentException when {@code maxBatch < 1} or the team is closed
     */
    public TrainingContext newTrainingContext(int maxBatch, boolean inputGradient, WorkerTeam team) {
        return newTrainingContext(maxBatch, inputGradient, team, 1);
    }

    /**
     * A training context whose steps cut each batch into {@code slices} fixed slices of consecutive rows
     * and run them as data-parallel replicas (see {@link TrainingContext}, "Slices"): slice {@code s} holds
     * rows {@code [floor(s * batch / S), floor((s + 1) * batch / S))}, each slice computes forward and
     * backward on a single-threaded replica, and the gradients are summed in slice order, weighted by
     * {@code n_s / batch}. The team runs the slices (and the reduction, by parameter ranges); the result has
     * the same bits for every team and without one, but differs in rounding from {@code slices = 1}. With
     * {@code slices = 1} this is {@link #newTrainingContext(int, boolean, WorkerTeam)}. Allocates the
     * context's buffers and {@code slices} replicas of {@code ceil(maxBatch / slices)} rows now.
     *
     * @param maxBatch      the largest batch the context accepts, {@code >= 1}
     * @param inputGradient whether {@link TrainingContext#forwardBackward} also computes {@code dL/dx}
     * @param team          the team that runs the slices; null for the calling thread alone
     * @param slices        the slice count {@code S}, in {@code [1, maxBatch]}; choose it from the batch,
     *                      not from the thread count, to keep results the same on every machine
     * @return a new context reading this network's parameters
     * @throws IllegalArgumentException when {@code maxBatch < 1}, the team is closed, {@code slices} is
     *                                  outside {@code [1, maxBatch]}, or {@code slices > 1} on a network
     *                                  with a BatchNorm layer (each slice would normalise with its own
     *                                  batch statistics, which is not the whole batch's step)
     */
    public TrainingContext newTrainingContext(int maxBatch, boolean inputGradient, WorkerTeam team, int slices) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        requireOpen(team);
        if (slices < 1 || slices > maxBatch) {
            throw new IllegalArgumentException("slices must be in [1, maxBatch = " + maxBatch + "], was " + slices);
        }
        if (slices > 1 && hasBatchNorm()) {
            throw new IllegalArgumentException("slices > 1 is not available for a network with BatchNorm: each"
                    + " slice would normalise with its own batch statistics; train it with slices = 1");
        }
        return new TrainingContext(this, maxBatch, inputGradient, team, slices);
    }

    /**
     * Whether a layer of this network is a BatchNorm layer (which slices of a batch cannot share).
     *
     * @return true when {@link #spec()} holds a {@link LayerSpec.BatchNorm}
     */
    public boolean hasBatchNorm() {
        for (LayerSpec layer : spec.layers()) {
            if (layer instanceof LayerSpec.BatchNorm) {
                return true;
            }
        }
        return false;
    }

    private static void requireOpen(WorkerTeam team) {
        if (team != null && team.isClosed()) {
            throw new IllegalArgumentException("the WorkerTeam team is closed");
        }
    }

    /**
     * Whether inputs are checked for NaN and infinity ({@link Builder#checkInputs}).
     *
     * @return {@code options().checkInputs()}: when true, a pass throws on a non-finite input
     */
    public boolean checksInputs() {
        return checkInputs;
    }

    void checkBatch(float[] x, int xOff, int batch, int limit) {
        checkShape(x, xOff, batch, limit);
        checkFinite(x, xOff, batch, 0);
    }

    /** The batch is in {@code [1, limit]} and x holds it; finiteness is not checked. */
    void checkShape(float[] x, int xOff, int batch, int limit) {
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
    }

    /**
     * With input checking on, throws for a non-finite value among {@code rows} examples from {@code xOff},
     * naming the example as {@code firstRow} plus its index there.
     */
    void checkFinite(float[] x, int xOff, int rows, int firstRow) {
        if (checkInputs && !Elementwise.allFinite(rows * inputSize, x, xOff)) {
            for (int i = xOff, end = xOff + rows * inputSize; i < end; i++) {
                if (!Float.isFinite(x[i])) {
                    int e = (i - xOff) / inputSize;
                    throw new IllegalArgumentException("input of example " + (firstRow + e) + ", feature "
                            + (i - xOff - e * inputSize) + " is " + x[i]
                            + ": inputs must be finite numbers (fill in missing values first)");
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

        /**
         * Appends {@code layer}.
         *
         * @param layer the module to append after the current last one, not null
         * @return this builder
         * @throws IllegalArgumentException when {@code layer} is null
         */
        public Builder add(LayerSpec layer) {
            layers.add(NetworkSpec.requireNonNull("layer", layer));
            return this;
        }

        /**
         * Fully-connected layer with {@code units} outputs, initialised with the network's default.
         *
         * @param units output features, {@code >= 1}
         * @return this builder
         * @throws IllegalArgumentException when {@code units < 1}
         */
        public Builder dense(int units) {
            return add(new LayerSpec.Dense(units));
        }

        /**
         * Fully-connected layer with {@code units} outputs and this initialiser.
         *
         * @param units     output features, {@code >= 1}
         * @param layerInit the initialiser of this layer's weights, not null (biases start at 0)
         * @return this builder
         * @throws IllegalArgumentException when {@code units < 1} or {@code layerInit} is null
         */
        public Builder dense(int units, Init layerInit) {
            return add(new LayerSpec.Dense(units, NetworkSpec.requireNonNull("init", layerInit)));
        }

        /**
         * Maxout layer: {@code units} outputs, each the max of {@code pieces} linear pieces, initialised with
         * the network's default.
         *
         * @param units  output features, {@code >= 1}
         * @param pieces linear pieces per unit, {@code >= 2}, with {@code units * pieces} an int
         * @return this builder
         * @throws IllegalArgumentException when a setting is out of range
         */
        public Builder maxout(int units, int pieces) {
            return add(new LayerSpec.Maxout(units, pieces));
        }

        /**
         * Maxout layer with this initialiser.
         *
         * @param units     output features, {@code >= 1}
         * @param pieces    linear pieces per unit, {@code >= 2}, with {@code units * pieces} an int
         * @param layerInit the initialiser of this layer's weights, not null (biases start at 0)
         * @return this builder
         * @throws IllegalArgumentException when a setting is out of range or {@code layerInit} is null
         */
        public Builder maxout(int units, int pieces, Init layerInit) {
            return add(new LayerSpec.Maxout(units, pieces, NetworkSpec.requireNonNull("init", layerInit)));
        }

        /**
         * Sigmoid activation, {@code y = 1 / (1 + e^-x)}.
         *
         * @return this builder
         */
        public Builder sigmoid() {
            return add(new LayerSpec.Sigmoid());
        }

        /**
         * Tanh activation, {@code y = tanh(x)}.
         *
         * @return this builder
         */
        public Builder tanh() {
            return add(new LayerSpec.Tanh());
        }

        /**
         * ReLU activation, {@code y = max(0, x)}; fused into a directly preceding dense layer unless
         * {@code fuse(false)}.
         *
         * @return this builder
         */
        public Builder relu() {
            return add(new LayerSpec.Relu());
        }

        /**
         * Leaky ReLU with PyTorch's default slope 0.01.
         *
         * @return this builder
         */
        public Builder leakyRelu() {
            return add(new LayerSpec.LeakyRelu());
        }

        /**
         * Leaky ReLU with this negative slope: {@code y = x < 0 ? slope * x : x}.
         *
         * @param slope the negative slope, finite
         * @return this builder
         * @throws IllegalArgumentException when {@code slope} is NaN or infinite
         */
        public Builder leakyRelu(float slope) {
            return add(new LayerSpec.LeakyRelu(slope));
        }

        /**
         * ELU with alpha 1.
         *
         * @return this builder
         */
        public Builder elu() {
            return add(new LayerSpec.Elu());
        }

        /**
         * ELU with this alpha: {@code y = x > 0 ? x : alpha (e^x - 1)}.
         *
         * @param alpha finite and {@code > 0}
         * @return this builder
         * @throws IllegalArgumentException when {@code alpha} is not finite and positive
         */
        public Builder elu(float alpha) {
            return add(new LayerSpec.Elu(alpha));
        }

        /**
         * PReLU with one learned slope shared by all features (PyTorch's default).
         *
         * @return this builder
         */
        public Builder prelu() {
            return add(new LayerSpec.PRelu());
        }

        /**
         * PReLU with one learned slope per feature when {@code perFeature}, else one shared.
         *
         * @param perFeature true for a slope tensor {@code [in]}, false for {@code [1]}
         * @return this builder
         */
        public Builder prelu(boolean perFeature) {
            return add(new LayerSpec.PRelu(perFeature));
        }

        /**
         * Batch normalisation with PyTorch's defaults (eps 1e-5, momentum 0.1).
         *
         * @return this builder
         */
        public Builder batchNorm() {
            return add(new LayerSpec.BatchNorm());
        }

        /**
         * Batch normalisation with these settings.
         *
         * @param eps      added to the variance, finite and {@code > 0}
         * @param momentum weight of the current batch in the running statistics, in [0, 1]
         * @return this builder
         * @throws IllegalArgumentException when a setting is out of range
         */
        public Builder batchNorm(float eps, float momentum) {
            return add(new LayerSpec.BatchNorm(eps, momentum));
        }

        /**
         * Inverted dropout with drop probability {@code p} in [0, 1).
         *
         * @param p the drop probability, in [0, 1); survivors are scaled by {@code 1 / (1 - p)}
         * @return this builder
         * @throws IllegalArgumentException when {@code p} is outside [0, 1)
         */
        public Builder dropout(float p) {
            return add(new LayerSpec.Dropout(p));
        }

        /**
         * The initialiser of every dense and maxout layer that names none, wherever it was added (default
         * {@link Init#HE_NORMAL}).
         *
         * @param defaultInit the default weight initialiser, not null
         * @return this builder
         * @throws IllegalArgumentException when {@code defaultInit} is null
         */
        public Builder init(Init defaultInit) {
            this.init = NetworkSpec.requireNonNull("init", defaultInit);
            return this;
        }

        /**
         * The loss (default softmax cross-entropy).
         *
         * @param lossFunction the data loss, not null
         * @return this builder
         * @throws IllegalArgumentException when {@code lossFunction} is null
         */
        public Builder loss(Loss lossFunction) {
            this.loss = NetworkSpec.requireNonNull("loss", lossFunction);
            return this;
        }

        /**
         * L2 strength lambda >= 0 (default 0): the loss gains {@code (lambda / 2) sum w^2} over dense and
         * maxout weights.
         *
         * @param lambda finite and {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException when {@code lambda} is negative or not finite
         */
        public Builder l2(float lambda) {
            this.l2 = NetworkSpec.requireL2(lambda);
            return this;
        }

        /**
         * Seed of weight initialisation and dropout masks (default 0).
         *
         * @param value the seed; the same spec and seed give the same initial weights
         * @return this builder
         */
        public Builder seed(long value) {
            options = options.withSeed(value);
            return this;
        }

        /**
         * Largest batch of training (default 64).
         *
         * @param value the network's {@link Network#maxBatch()}, {@code >= 1}
         * @return this builder
         * @throws IllegalArgumentException when {@code value < 1}
         */
        public Builder maxBatch(int value) {
            options = options.withMaxBatch(value);
            return this;
        }

        /**
         * Whether to fuse dense + ReLU / leaky ReLU into one layer (default true).
         *
         * @param value true to fuse; fusion changes speed, not results
         * @return this builder
         */
        public Builder fuse(boolean value) {
            options = options.withFuse(value);
            return this;
        }

        /**
         * Whether inputs are checked for NaN and infinity (default true).
         *
         * @param value true to make every pass throw {@link IllegalArgumentException} on a non-finite input
         * @return this builder
         */
        public Builder checkInputs(boolean value) {
            options = options.withCheckInputs(value);
            return this;
        }

        /**
         * The network described so far.
         *
         * @return a new spec of the layers, loss, L2 and initialiser set so far
         * @throws IllegalArgumentException when no layer was added
         */
        public NetworkSpec spec() {
            return new NetworkSpec(inputSize, layers, loss, l2, init);
        }

        /**
         * The build options set so far.
         *
         * @return the current options (immutable)
         */
        public BuildOptions options() {
            return options;
        }

        /**
         * Builds the network: {@link Network#from}{@code (spec(), options())}.
         *
         * @return a new network with freshly initialised parameters; the builder may be used again
         * @throws IllegalArgumentException when no layer was added
         */
        public Network build() {
            return Network.from(spec(), options);
        }
    }
}
