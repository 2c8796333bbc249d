package dev.vecnet.train;

import dev.vecnet.data.Examples;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.BatchNorm;
import dev.vecnet.nn.Layer;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A {@link TrainingListener} that watches a network learn, as the course's "babysitting the learning process"
 * (CS231n, Neural Networks Part 3) does by hand: at the end of every epoch it measures each layer and weight tensor
 * on a fixed sample of the training data, reads the loss and accuracy curves ({@link TrainingCurves}), and reports
 * what looks wrong as {@link Finding}s, each with its numbers, its threshold and what to change.
 *
 * <p><b>Measurements</b> ({@link #layers(int)}, {@link #tensors(int)}): on a sample of
 * {@link Builder#sampleSize} rows (default {@value #DEFAULT_SAMPLE_SIZE}) chosen once by {@link Builder#seed},
 * one forward pass in evaluation mode and one backward pass ({@link dev.vecnet.nn.TrainingContext#evaluateGradients})
 * on a context of the listener's own give per layer the mean and standard deviation of the outputs, the fraction of
 * dead ReLU-kind units (never positive on the sample) and of saturated sigmoid / tanh outputs (within
 * {@link #SATURATION_MARGIN} of an asymptote), and per weight tensor the norm of the gradient. The update of a
 * weight tensor is the change one optimizer step made: the listener copies the weights once per epoch, after the
 * epoch's first step, and compares them after its second (in an epoch of one step: after the next epoch's step),
 * so the ratio of update norm to weight norm (the course's rule of thumb: about 1e-3) is that of a real step, at the
 * cost of one copy of the parameters per epoch, not one per step. BatchNorm layers report how far their running
 * mean and variance moved since the previous epoch.
 *
 * <p><b>Findings.</b> The curve findings are those of {@link TrainingCurves}; the layer findings are
 * <ul>
 *   <li>{@link Finding.Kind#DEAD_UNITS}: a ReLU-kind layer with at least {@link #DEAD_FRACTION} of its units dead
 *       at the last epoch;</li>
 *   <li>{@link Finding.Kind#SATURATED_UNITS}: a sigmoid or tanh layer with at least {@link #SATURATED_FRACTION} of
 *       its outputs saturated at the last epoch;</li>
 *   <li>{@link Finding.Kind#UPDATE_RATIO_HIGH}: a weight tensor whose update ratio, the median over the epochs
 *       measured, is above {@link #UPDATE_RATIO_HIGH};</li>
 *   <li>{@link Finding.Kind#UPDATE_RATIO_LOW}: a weight tensor whose largest update ratio over the epochs measured
 *       is below {@link #UPDATE_RATIO_LOW}.</li>
 * </ul>
 * One cause, one finding: a flat loss or a low accuracy of a network with dead or saturated units is reported as
 * those units' finding; update ratios are reported only where no curve or unit finding already explains them
 * (a high ratio with {@link Finding.Kind#LEARNING_RATE_TOO_HIGH}, a low one with
 * {@link Finding.Kind#FLAT_LOSS} or dead or saturated units). {@link #findings()} is the diagnosis at the end of a
 * fit; while it trains, each finding that first holds at an epoch goes to {@link Builder#onFinding} (once per kind
 * and layer).
 *
 * <p><b>What it touches.</b> Nothing of the training: it reads the parameters, writes only its own buffers, draws
 * no number from the trainer's or the network's random streams, and never stops the fit. A fit with it gives the
 * bits of a fit without it ({@code DiagnosticsTest}).
 *
 * <p><b>Cost and allocation.</b> The sample and its context are allocated by the constructor, the per-epoch
 * records at the first epoch of a fit (sized by its planned epochs); after that an epoch allocates nothing, unless
 * it reports a finding. Each epoch costs about a forward and backward pass over the sample, plus a pass over the
 * parameters; on {@code FitBench}'s 54,000-row epoch that is under 5 % (docs/diagnostics.md gives the figure).
 *
 * <p>One fit at a time, on the training thread; a new fit (iteration 0) starts a new record. Not thread-safe.
 */
public final class Diagnostics implements TrainingListener {
    /** Rows of the sample the layers are measured on, by default. */
    public static final int DEFAULT_SAMPLE_SIZE = 1024;
    /**
     * A sigmoid output within this distance (0.02) of 0 or 1, a tanh output within it of -1 or 1, counts as
     * saturated: the local gradient there is at most 0.0196 for sigmoid (8 % of its largest, 0.25) and 0.0396 for
     * tanh (4 % of its largest, 1).
     */
    public static final float SATURATION_MARGIN = 0.02f;
    /**
     * Dead units: a ReLU-kind layer with at least this share (40 %) of its units never positive on the sample.
     * The course warns that "as much as 40 % of your network can be dead" after a too-high learning rate; a healthy
     * run's layers have few (the digits runs in docs/diagnostics.md: under 10 %).
     */
    public static final double DEAD_FRACTION = 0.40;
    /**
     * Saturated units: a sigmoid or tanh layer with at least this share (50 %) of its outputs saturated, so that
     * most of its gradient vanishes.
     */
    public static final double SATURATED_FRACTION = 0.50;
    /**
     * Update ratio too high: a weight tensor whose median ratio of update norm to weight norm is above this (0.1,
     * a hundred times the course's rule of thumb of 1e-3): each step changes the weights by a tenth.
     */
    public static final double UPDATE_RATIO_HIGH = 1e-1;
    /**
     * Update ratio too low: a weight tensor whose largest ratio of update norm to weight norm is below this (1e-6,
     * a thousandth of the rule of thumb): a thousand epochs would not change the weights by much.
     */
    public static final double UPDATE_RATIO_LOW = 1e-6;

    private static final Finding.Kind[] KINDS = Finding.Kind.values();

    private final Network net;
    private final SampleProbe probe;
    private final Consumer<Finding> onFinding;
    private final Layer[] layers;
    private final String[] layerNames;
    private final ParameterTensor[] weights;
    private final int[] weightLayers;
    /** BatchNorm layers: their running mean and variance tensors (null for other layers). */
    private final ParameterTensor[] runningMeans;
    private final ParameterTensor[] runningVariances;
    /** The running statistics at the previous epoch's end, laid out like the parameters. */
    private final float[] previousRunning;
    /** The parameters after the step whose successor's update is measured. */
    private final float[] snapshot;
    private final double[] stepUpdateNorm;
    private final double[] stepUpdateRatio;
    /** The numbers of the rule last checked, for its finding's sentence. */
    private final TrainingCurves.Reading reading = new TrainingCurves.Reading();
    /** Scratch of the rules checked only for precedence. */
    private final TrainingCurves.Reading precedence = new TrainingCurves.Reading();

    private long snapshotIteration = -1;
    private int snapshotEpoch = -1;
    private int updateEpoch = -1;

    /** Per epoch x layer (flat), sized at the first epoch of a fit. */
    private double[] mean;
    private double[] std;
    private double[] dead;
    private double[] saturated;
    private double[] meanDrift;
    private double[] varianceDrift;
    /** Per epoch x weight tensor (flat). */
    private double[] weightNorm;
    private double[] gradientNorm;
    private double[] updateNorm;
    private double[] updateRatio;
    /** Scratch for medians, one per epoch. */
    private double[] scratch;
    /** Whether a finding was reported during the fit, per kind x (layer or tensor or run). */
    private boolean[] reported;
    private int capacity;
    private int epochs;
    private History history;
    private final List<Finding> reportedFindings = new ArrayList<>();

    private Diagnostics(Builder b) {
        this.net = b.net;
        this.onFinding = b.onFinding;
        this.probe = new SampleProbe(net, b.data, b.sampleSize, b.seed, b.team);
        this.layers = net.layers().toArray(new Layer[0]);
        this.layerNames = new String[layers.length];
        for (int i = 0; i < layers.length; i++) {
            layerNames[i] = (i + 1) + " " + layers[i].describe();
        }
        this.weights = probe.weights();
        this.weightLayers = new int[weights.length];
        runningMeans = new ParameterTensor[layers.length];
        runningVariances = new ParameterTensor[layers.length];
        for (int i = 0; i < layers.length; i++) {
            for (ParameterTensor t : layers[i].tensors()) {
                for (int w = 0; w < weights.length; w++) {
                    if (weights[w] == t) {
                        weightLayers[w] = i;
                    }
                }
            }
            if (layers[i] instanceof BatchNorm) {
                List<ParameterTensor> t = layers[i].tensors();
                runningMeans[i] = t.get(2);
                runningVariances[i] = t.get(3);
            }
        }
        int size = net.parameters().size();
        this.previousRunning = new float[size];
        this.snapshot = new float[size];
        this.stepUpdateNorm = new double[weights.length];
        this.stepUpdateRatio = new double[weights.length];
    }

    /**
     * A builder for diagnostics of {@code net} trained on {@code data}.
     *
     * @param net  the network the trainer will fit, not null
     * @param data the training examples the fit uses (the sample is drawn from them), of the network's input size
     * @return a new builder with the defaults: {@value #DEFAULT_SAMPLE_SIZE} rows, seed 0, the calling thread, no
     *         callback
     * @throws NullPointerException when an argument is null
     */
    public static Builder builder(Network net, Examples data) {
        return new Builder(net, data);
    }

    /**
     * At the first iteration of a fit starts a new record; after the step whose successor is measured, copies the
     * parameters (once per epoch); after that successor, measures its update. Allocates nothing.
     */
    @Override
    public boolean onIteration(long iteration, int epoch, double loss) {
        if (iteration == 0) {
            startFit();
        }
        if (snapshotIteration >= 0 && snapshotIteration == iteration - 1) {
            measureUpdate(epoch);
        }
        snapshotIteration = -1;
        if (snapshotEpoch != epoch) {
            System.arraycopy(net.parameters().values(), 0, snapshot, 0, snapshot.length);
            snapshotIteration = iteration;
            snapshotEpoch = epoch;
        }
        return true;
    }

    private void startFit() {
        epochs = 0;
        history = null;
        snapshotIteration = -1;
        snapshotEpoch = -1;
        updateEpoch = -1;
        reportedFindings.clear();
        if (reported != null) {
            Arrays.fill(reported, false);
        }
    }

    private void measureUpdate(int epoch) {
        float[] w = net.parameters().values();
        for (int t = 0; t < weights.length; t++) {
            ParameterTensor tensor = weights[t];
            double change = 0;
            double size = 0;
            for (int i = tensor.offset(), end = i + tensor.size(); i < end; i++) {
                double d = (double) w[i] - snapshot[i];
                change += d * d;
                size += (double) w[i] * w[i];
            }
            stepUpdateNorm[t] = Math.sqrt(change);
            stepUpdateRatio[t] = size > 0 ? Math.sqrt(change / size) : Double.NaN;
        }
        updateEpoch = epoch;
    }

    /**
     * Measures the layers and tensors on the sample, records them, and reports the findings that first hold at
     * this epoch. Never stops the fit. Allocates nothing after the first epoch of a fit, unless it reports a
     * finding.
     */
    @Override
    public boolean onEpoch(int epoch, History history) {
        if (this.history != history || mean == null) {
            allocate(history.capacity());
        }
        this.history = history;
        probe.measure();
        int l = layers.length;
        int wn = weights.length;
        float[] values = net.parameters().values();
        for (int i = 0; i < l; i++) {
            int at = epoch * l + i;
            mean[at] = probe.mean[i];
            std[at] = probe.std[i];
            dead[at] = probe.deadFraction[i];
            saturated[at] = probe.saturatedFraction[i];
            meanDrift[at] = Double.NaN;
            varianceDrift[at] = Double.NaN;
            if (runningMeans[i] != null) {
                if (epoch > 0) {
                    drift(i, at, values);
                }
                copy(runningMeans[i], values, previousRunning);
                copy(runningVariances[i], values, previousRunning);
            }
        }
        for (int t = 0; t < wn; t++) {
            int at = epoch * wn + t;
            weightNorm[at] = SampleProbe.norm(values, weights[t].offset(), weights[t].size());
            gradientNorm[at] = probe.gradientNorm[t];
            boolean measured = updateEpoch == epoch;
            updateNorm[at] = measured ? stepUpdateNorm[t] : Double.NaN;
            updateRatio[at] = measured ? stepUpdateRatio[t] : Double.NaN;
        }
        epochs = epoch + 1;
        reportNew();
        return true;
    }

    private static void copy(ParameterTensor t, float[] from, float[] to) {
        System.arraycopy(from, t.offset(), to, t.offset(), t.size());
    }

    /** BatchNorm layer {@code i}'s drift since the previous epoch, into slot {@code at}. */
    private void drift(int i, int at, float[] values) {
        ParameterTensor m = runningMeans[i];
        ParameterTensor v = runningVariances[i];
        double meanChange = 0;
        double variance = 0;
        double relative = 0;
        int f = m.size();
        for (int j = 0; j < f; j++) {
            double dm = (double) values[m.offset() + j] - previousRunning[m.offset() + j];
            meanChange += dm * dm;
            double vNow = values[v.offset() + j];
            double vBefore = previousRunning[v.offset() + j];
            variance += vNow;
            double r = vBefore > 0 ? vNow / vBefore - 1 : 0;
            relative += r * r;
        }
        meanDrift[at] = variance > 0 ? Math.sqrt(meanChange / variance) : Double.NaN;
        varianceDrift[at] = Math.sqrt(relative / f);
    }

    private void allocate(int epochCapacity) {
        if (mean == null || capacity < epochCapacity) {
            capacity = epochCapacity;
            int l = layers.length * capacity;
            int w = weights.length * capacity;
            mean = new double[l];
            std = new double[l];
            dead = new double[l];
            saturated = new double[l];
            meanDrift = new double[l];
            varianceDrift = new double[l];
            weightNorm = new double[w];
            gradientNorm = new double[w];
            updateNorm = new double[w];
            updateRatio = new double[w];
            scratch = new double[capacity];
            reported = new boolean[KINDS.length * (1 + Math.max(layers.length, weights.length))];
        }
    }

    /** Reports, once each, the findings that hold over the epochs so far. Allocates only for a new finding. */
    private void reportNew() {
        collect(null);
    }

    /**
     * The findings that hold over the epochs so far: into {@code out}, or, when it is null, reported when they
     * were not yet.
     */
    private void collect(List<Finding> out) {
        int last = epochs - 1;
        boolean units = false;
        for (int i = 0; i < layers.length; i++) {
            units |= deadHolds(i, last) || saturatedHolds(i, last);
        }
        for (Finding.Kind kind : KINDS) {
            switch (kind) {
                case DEAD_UNITS:
                case SATURATED_UNITS:
                    for (int i = 0; i < layers.length; i++) {
                        boolean holds = kind == Finding.Kind.DEAD_UNITS ? deadHolds(i, last) : saturatedHolds(i, last);
                        if (holds && (out != null || first(kind, 1 + i))) {
                            add(out, unitFinding(kind, i, last));
                        }
                    }
                    break;
                case UPDATE_RATIO_HIGH:
                case UPDATE_RATIO_LOW:
                    for (int t = 0; t < weights.length; t++) {
                        if (ratioHolds(kind, t, units) && (out != null || first(kind, 1 + t))) {
                            add(out, ratioFinding(kind, t));
                        }
                    }
                    break;
                default:
                    if (TrainingCurves.holds(kind, history, epochs, units, reading) && (out != null || first(kind, 0))) {
                        add(out, TrainingCurves.finding(kind, history, reading));
                    }
                    break;
            }
        }
    }

    private void add(List<Finding> out, Finding finding) {
        if (out != null) {
            out.add(finding);
        } else {
            reportedFindings.add(finding);
            if (onFinding != null) {
                onFinding.accept(finding);
            }
        }
    }

    private boolean first(Finding.Kind kind, int slot) {
        int at = kind.ordinal() * (1 + Math.max(layers.length, weights.length)) + slot;
        if (reported[at]) {
            return false;
        }
        reported[at] = true;
        return true;
    }

    private boolean deadHolds(int layer, int epoch) {
        return dead[epoch * layers.length + layer] >= DEAD_FRACTION;
    }

    private boolean saturatedHolds(int layer, int epoch) {
        return saturated[epoch * layers.length + layer] >= SATURATED_FRACTION;
    }

    /** The update-ratio rule of {@code kind} for tensor {@code t} over the epochs so far, after precedence. */
    private boolean ratioHolds(Finding.Kind kind, int t, boolean units) {
        int n = 0;
        double largest = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < epochs; e++) {
            double r = updateRatio[e * weights.length + t];
            if (!Double.isNaN(r)) {
                scratch[n++] = r;
                largest = Math.max(largest, r);
            }
        }
        if (n == 0 || epochs < TrainingCurves.MIN_EPOCHS) {
            return false;
        }
        if (kind == Finding.Kind.UPDATE_RATIO_HIGH) {
            double median = Median.of(scratch, n);
            reading.value = median;
            return median > UPDATE_RATIO_HIGH
                    && !TrainingCurves.holds(Finding.Kind.LEARNING_RATE_TOO_HIGH, history, epochs, units, precedence);
        }
        reading.value = largest;
        return largest < UPDATE_RATIO_LOW && !units
                && !TrainingCurves.holds(Finding.Kind.FLAT_LOSS, history, epochs, false, precedence);
    }

    private Finding unitFinding(Finding.Kind kind, int layer, int epoch) {
        String name = layerNames[layer];
        if (kind == Finding.Kind.DEAD_UNITS) {
            double fraction = dead[epoch * layers.length + layer];
            return new Finding(kind, name, epoch, fraction, DEAD_FRACTION, TrainingCurves.format(
                    "layer %s: %s of its %d units were never positive on the %d-row sample at epoch %d (threshold %s), "
                            + "so they pass no gradient", name, TrainingCurves.percent(fraction), layers[layer].outputSize(),
                    probe.size(), epoch + 1, TrainingCurves.percent(DEAD_FRACTION)),
                    "lower the learning rate (--lr), or use leaky ReLU or batch norm before the ReLU in --arch "
                            + "(e.g. 256leakyrelu, or 256-bn-relu)");
        }
        double fraction = saturated[epoch * layers.length + layer];
        return new Finding(kind, name, epoch, fraction, SATURATED_FRACTION, TrainingCurves.format(
                "layer %s: %s of its outputs on the %d-row sample were within %s of an asymptote at epoch %d "
                        + "(threshold %s), where its gradient vanishes", name, TrainingCurves.percent(fraction),
                probe.size(), SATURATION_MARGIN, epoch + 1, TrainingCurves.percent(SATURATED_FRACTION)),
                "use smaller initial weights (--init xavier-normal), batch norm before it, or ReLU in --arch");
    }

    private Finding ratioFinding(Finding.Kind kind, int t) {
        String name = weights[t].name();
        String layer = layerNames[weightLayers[t]];
        int last = epochs - 1;
        if (kind == Finding.Kind.UPDATE_RATIO_HIGH) {
            return new Finding(kind, name, last, reading.value, UPDATE_RATIO_HIGH, TrainingCurves.format(
                    "weight tensor %s (layer %s): a step changes it by %.2g of its norm (median over %d epochs; "
                            + "threshold %.0e, rule of thumb 1e-3)", name, layer, reading.value, epochs, UPDATE_RATIO_HIGH),
                    "lower the learning rate (--lr)");
        }
        return new Finding(kind, name, last, reading.value, UPDATE_RATIO_LOW, TrainingCurves.format(
                "weight tensor %s (layer %s): a step changes it by at most %.2g of its norm over %d epochs (threshold "
                        + "%.0e, rule of thumb 1e-3)", name, layer, reading.value, epochs, UPDATE_RATIO_LOW),
                "raise the learning rate (--lr)");
    }

    /**
     * The diagnosis of the last fit so far: the findings that hold over all its epochs (curve rules over the whole
     * history, layer rules at the last epoch), at most one per kind and layer, in the order of
     * {@link Finding.Kind}. Empty before the first epoch or for a healthy run.
     *
     * @return a new list
     */
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        if (epochs > 0) {
            collect(out);
        }
        return out;
    }

    /**
     * The findings reported while the last fit trained, in the order they first held (each also went to
     * {@link Builder#onFinding}).
     *
     * @return a copy
     */
    public List<Finding> reported() {
        return List.copyOf(reportedFindings);
    }

    /**
     * Epochs measured in the last fit.
     *
     * @return 0 before the first epoch's end
     */
    public int epochs() {
        return epochs;
    }

    /**
     * Rows in the sample the layers are measured on.
     *
     * @return {@code min(sampleSize, training rows)}
     */
    public int sampleSize() {
        return probe.size();
    }

    /**
     * The layers' measurements at the end of {@code epoch}.
     *
     * @param epoch a 0-based epoch of the last fit, below {@link #epochs()}
     * @return one entry per layer of the network, in order; a new list
     * @throws IndexOutOfBoundsException when {@code epoch} was not measured
     */
    public List<LayerStatistics> layers(int epoch) {
        Objects.checkIndex(epoch, epochs);
        List<LayerStatistics> out = new ArrayList<>(layers.length);
        for (int i = 0; i < layers.length; i++) {
            int at = epoch * layers.length + i;
            out.add(new LayerStatistics(epoch, i, layers[i].describe(), mean[at], std[at], dead[at], saturated[at],
                    meanDrift[at], varianceDrift[at]));
        }
        return out;
    }

    /**
     * The weight tensors' measurements in {@code epoch}.
     *
     * @param epoch a 0-based epoch of the last fit, below {@link #epochs()}
     * @return one entry per weight tensor (dense and maxout weights), in layout order; a new list
     * @throws IndexOutOfBoundsException when {@code epoch} was not measured
     */
    public List<TensorStatistics> tensors(int epoch) {
        Objects.checkIndex(epoch, epochs);
        List<TensorStatistics> out = new ArrayList<>(weights.length);
        for (int t = 0; t < weights.length; t++) {
            int at = epoch * weights.length + t;
            out.add(new TensorStatistics(epoch, weights[t].name(), weightLayers[t], weightNorm[at], gradientNorm[at],
                    updateNorm[at], updateRatio[at]));
        }
        return out;
    }

    /** Configures {@link Diagnostics}. Not thread-safe. */
    public static final class Builder {
        private final Network net;
        private final Examples data;
        private int sampleSize = DEFAULT_SAMPLE_SIZE;
        private long seed;
        private WorkerTeam team;
        private Consumer<Finding> onFinding;

        private Builder(Network net, Examples data) {
            this.net = Objects.requireNonNull(net, "net");
            this.data = Objects.requireNonNull(data, "data");
        }

        /**
         * Rows of the training data to measure the layers on (all of them when there are fewer).
         *
         * @param value {@code >= 1} (default {@value #DEFAULT_SAMPLE_SIZE})
         * @return this builder
         * @throws IllegalArgumentException when {@code value < 1}
         */
        public Builder sampleSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("sample size must be >= 1, was " + value);
            }
            sampleSize = value;
            return this;
        }

        /**
         * Seed of the choice of the sample's rows (the listener's own generator, not the trainer's).
         *
         * @param value the seed (default 0)
         * @return this builder
         */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * A team to split the sample's passes across (for example the trainer's: the listener runs between its
         * steps); the results have the same bits with any team or none.
         *
         * @param value the team, used, not closed; null for the calling thread alone (default)
         * @return this builder
         */
        public Builder threads(WorkerTeam value) {
            team = value;
            return this;
        }

        /**
         * Told, on the training thread, of each finding the first epoch it holds (once per kind and layer), to
         * report it while the fit goes on.
         *
         * @param value the callback, or null for none (default)
         * @return this builder
         */
        public Builder onFinding(Consumer<Finding> value) {
            onFinding = value;
            return this;
        }

        /**
         * The listener: draws the sample (copying its rows) and allocates its buffers.
         *
         * @return a new listener, to add to one trainer ({@link Trainer.Builder#listener})
         * @throws IllegalArgumentException when the data is empty or its width is not the network's input
         */
        public Diagnostics build() {
            if (data.count() == 0) {
                throw new IllegalArgumentException("the training data set is empty");
            }
            if (data.featureCount() != net.inputSize()) {
                throw new IllegalArgumentException("data has " + data.featureCount() + " features, the network "
                        + net.inputSize() + " inputs");
            }
            return new Diagnostics(this);
        }
    }
}
