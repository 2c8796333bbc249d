package dev.vecnet.bench;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Split;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.TrainingContext;
import dev.vecnet.optim.Adam;
import dev.vecnet.optim.Optimizer;
import dev.vecnet.train.Diagnostics;
import dev.vecnet.train.Evaluator;
import dev.vecnet.train.History;
import dev.vecnet.train.Trainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A whole training epoch through {@link Trainer#fit}, and the two parts a kernel-bound epoch is made of, on
 * the command line's image recipe: a generated 60,000 x 784 set of 10 classes (the generator of
 * {@code bench/make_train_csv.py}: features {@code k / 1000} for uniform {@code k} in [0, 1000), the label the
 * argmax of {@code (x - 0.5) W} for a fixed gaussian {@code W [784][10]}), split 90 / 10 into 54,000
 * training and 6,000 validation rows (stratified, seed 42); network 784-256(ReLU)-128(ReLU)-10, softmax
 * cross-entropy, He initialisation (seed 0), Adam lr 1e-3, batch 64, L2 {@code l2}.
 *
 * <ul>
 *   <li>{@code epoch}: one {@code Trainer.fit} of one epoch (shuffle, 844 guarded steps, the evaluation of
 *       the training and the validation part, history), in milliseconds. The network and the optimizer
 *       carry on from call to call, so the weights keep training as in a long run. Each fit also sets up
 *       its contexts and batch buffers, which {@code -prof gc} counts per operation (the steps themselves
 *       allocate nothing).</li>
 *   <li>{@code step}: one step as {@code TrainBench} times it (forward, loss, backward, Adam update,
 *       {@code parametersChanged}) on one fixed batch of 64 training rows, in milliseconds.</li>
 *   <li>{@code evaluation}: the epoch's evaluation passes alone (an {@link Evaluator} over the training
 *       part and one over the validation part), in milliseconds.</li>
 * </ul>
 * The kernel-bound estimate of an epoch is {@code 844 * step + evaluation}; {@code epoch} divided by it is the
 * cost of the loop around the kernels (target: at most 1.15).
 *
 * <p>With {@code diagnostics=true} the fit has a {@link Diagnostics} listener (its default sample of 1,024
 * training rows, built in setup): {@code epoch} then includes its per-epoch measurements and its copy of the
 * weights, and {@code diagnostics} times one epoch end of it alone (the sample's forward and backward pass, the
 * norms and the curve reading). Either, divided by {@code epoch} without diagnostics, is its cost per epoch
 * (target: under 5 %; docs/diagnostics.md).
 *
 * <p>The first epoch of a fresh JVM is {@code FitBench.firstEpoch} ({@link FirstEpoch}), in single-shot mode
 * over several forks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@Threads(1)
public class FitBench {
    /** Examples per step, as the command line's default recipe. */
    static final int BATCH = 64;
    static final int ROWS = 60_000;
    static final int FEATURES = 784;
    static final int CLASSES = 10;
    static final float LEARNING_RATE = 1e-3f;

    /** Threads of the fit (a team of that size for {@code > 1}). */
    @Param({"1", "2"})
    public int threads;

    /** L2 regularisation strength of the network. */
    @Param({"0", "0.001"})
    public float l2;

    /** Whether the fit runs a {@link Diagnostics} listener (default sample). */
    @Param({"false", "true"})
    public boolean diagnostics;

    private WorkerTeam team;
    private Split split;
    private Network net;
    private Optimizer optimizer;
    private Trainer oneEpoch;
    private TrainingContext stepContext;
    private Optimizer stepOptimizer;
    private Network stepNet;
    private float[] batchX;
    private int[] batchLabels;
    private Evaluator trainEvaluator;
    private Evaluator validationEvaluator;
    private Diagnostics probe;
    private History probeHistory;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.checkVecnet();
        split = Split.stratified(imageLikeSet(), 0.9, 0.1, 42);
        team = threads > 1 ? new WorkerTeam(threads) : null;
        net = network(l2);
        optimizer = new Adam(LEARNING_RATE);
        Trainer.Builder builder = Trainer.builder().epochs(1).batchSize(BATCH).seed(0).validation(split.validation());
        if (diagnostics) {
            builder.listener(Diagnostics.builder(net, split.train()).threads(team).build());
        }
        oneEpoch = (team == null ? builder : builder.threads(team)).build();
        probe = Diagnostics.builder(net, split.train()).threads(team).build();
        probeHistory = History.of(new float[] {2.3f}, new double[] {2.3}, new double[] {0.1}, new double[] {2.3},
                new double[] {0.1}, -1);

        stepNet = network(l2);
        stepOptimizer = new Adam(LEARNING_RATE);
        stepContext = stepNet.newTrainingContext(BATCH, false, team, 1);
        batchX = new float[BATCH * FEATURES];
        batchLabels = new int[BATCH];
        System.arraycopy(split.train().features(), 0, batchX, 0, batchX.length);
        System.arraycopy(split.train().labels(), 0, batchLabels, 0, BATCH);
        trainEvaluator = new Evaluator(net, split.train(), team);
        validationEvaluator = new Evaluator(net, split.validation(), team);

        History first = epoch();
        System.out.printf(Locale.ROOT, "[bench] FitBench: %s, %d training / %d validation rows, %d thread(s), l2 %s;"
                        + " after one epoch: training accuracy %.4f, validation accuracy %.4f%n", net.architecture(),
                split.train().size(), split.validation().size(), threads, l2, first.trainAccuracy()[0],
                first.validationAccuracy()[0]);
    }

    /** Stops the team's workers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (team != null) {
            team.close();
        }
    }

    @Benchmark
    public History epoch() {
        return oneEpoch.fit(net, split.train(), optimizer);
    }

    @Benchmark
    public double step() {
        double loss = stepContext.forwardBackward(batchX, 0, BATCH, batchLabels, null).loss();
        stepOptimizer.step(stepNet.parameters(), stepContext.gradients(), team);
        stepNet.parametersChanged();
        return loss;
    }

    /** One epoch end of a {@link Diagnostics} listener: what it adds to every epoch but its one weight copy. */
    @Benchmark
    public boolean diagnostics() {
        return probe.onEpoch(0, probeHistory);
    }

    @Benchmark
    public double evaluation() {
        trainEvaluator.evaluate();
        validationEvaluator.evaluate();
        return trainEvaluator.loss() + validationEvaluator.loss();
    }

    static Network network(float l2) {
        return Network.builder(FEATURES).dense(256).relu().dense(128).relu().dense(CLASSES)
                .l2(l2).seed(0).maxBatch(BATCH).build();
    }

    /**
     * The generated image-like set: {@code ROWS} rows of {@code FEATURES} features {@code k / 1000}, labelled by
     * the argmax of {@code (x - 0.5) W} for a fixed gaussian {@code W}; a fixed seed, so every fork trains on
     * the same rows.
     */
    static Dataset imageLikeSet() {
        SplittableRandom random = new SplittableRandom(7);
        double[] w = new double[FEATURES * CLASSES];
        for (int i = 0; i < w.length; i++) {
            w[i] = gaussian(random);
        }
        float[] x = new float[ROWS * FEATURES];
        int[] labels = new int[ROWS];
        double[] score = new double[CLASSES];
        for (int r = 0; r < ROWS; r++) {
            java.util.Arrays.fill(score, 0);
            for (int f = 0; f < FEATURES; f++) {
                float v = random.nextInt(1000) / 1000f;
                x[r * FEATURES + f] = v;
                for (int c = 0; c < CLASSES; c++) {
                    score[c] += (v - 0.5) * w[f * CLASSES + c];
                }
            }
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                best = score[c] > score[best] ? c : best;
            }
            labels[r] = best;
        }
        return Dataset.ofLabels(x, FEATURES, labels, CLASSES);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /**
     * The first epoch of a fresh JVM: the network built, then one {@code Trainer.fit} epoch timed once per
     * fork (single shot, no warm-up), the data generated beforehand in setup. Compare with
     * {@code FitBench.epoch} of the same run for the first-epoch ratio (target: at most 1.5).
     */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 5, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
    @Threads(1)
    public static class FirstEpoch {
        @Param({"1", "2"})
        public int threads;

        private Split split;
        private Trainer trainer;
        private WorkerTeam team;

        @Setup(Level.Trial)
        public void setUp() {
            split = Split.stratified(imageLikeSet(), 0.9, 0.1, 42);
            team = threads > 1 ? new WorkerTeam(threads) : null;
            Trainer.Builder builder = Trainer.builder().epochs(1).batchSize(BATCH).seed(0).validation(split.validation());
            trainer = (team == null ? builder : builder.threads(team)).build();
        }

        /** Stops the team's workers. */
        @TearDown(Level.Trial)
        public void tearDown() {
            if (team != null) {
                team.close();
            }
        }

        @Benchmark
        public History firstEpoch() {
            return trainer.fit(network(0f), split.train(), new Adam(LEARNING_RATE));
        }
    }
}
