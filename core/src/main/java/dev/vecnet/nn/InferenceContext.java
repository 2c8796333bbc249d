package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.WorkerTeam;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Buffers for running a trained {@link Network} in evaluation mode on one thread: two ping-pong
 * activation buffers of the widest layer and the layers' evaluation states, sized once for
 * {@link #maxBatch()} examples. The network's parameters are shared read-only, so each serving thread
 * creates its own context (cheap: a few buffers) and they run concurrently.
 *
 * <p>Allocation: none per call. Thread-safety: confined to one thread at a time.
 */
public final class InferenceContext {
    private final Network network;
    /** The network's layers, copied into an array: the per-call loop then makes no interface calls. */
    private final Layer[] layers;
    private final int maxBatch;
    private final float[] ping;
    private final float[] pong;
    private final LayerState[] states;
    /** With a team: one single-threaded context per part, each for a share of the rows; else null. */
    private final InferenceContext[] replicas;
    private final WorkerTeam team;
    /** The fewest rows worth a part of their own: about {@link WorkerTeam#MIN_PARALLEL_PRODUCT} multiply-adds. */
    private final int rowGrain;
    private float[] splitX;
    private int splitXOff;
    private final WorkerTeam.Range rowParts = this::forwardRows;

    InferenceContext(Network network, int maxBatch) {
        this(network, maxBatch, (WorkerTeam) null);
    }

    /**
     * A context that splits batches across {@code team} by rows: each part runs a replica of its own (a
     * context for {@code ceil(maxBatch / threads)} rows) over its rows, in chunks if it got more, and
     * copies its scores into place. Rows are independent in evaluation mode, so the scores have the bits of
     * one thread's.
     */
    InferenceContext(Network network, int maxBatch, WorkerTeam team) {
        this(network, maxBatch, null, team);
    }

    InferenceContext(Network network, int maxBatch, SplittableRandom dropoutSeeds) {
        this(network, maxBatch, dropoutSeeds, null);
    }

    /**
     * A context whose dropout layers draw masks (from seeds of {@code dropoutSeeds}, one per dropout layer)
     * instead of being the identity, when {@code dropoutSeeds} is not null; every other layer evaluates.
     */
    private InferenceContext(Network network, int maxBatch, SplittableRandom dropoutSeeds, WorkerTeam team) {
        this.network = network;
        this.layers = network.layers().toArray(new Layer[0]);
        this.maxBatch = maxBatch;
        int widest = 1;
        states = new LayerState[layers.length];
        for (int i = 0; i < layers.length; i++) {
            Layer layer = layers[i];
            widest = Math.max(widest, layer.outputSize());
            states[i] = dropoutSeeds != null && layer instanceof Dropout dropout
                    ? dropout.newSamplingState(maxBatch, dropoutSeeds.nextLong())
                    : layer.newState(maxBatch, false, null);
        }
        ping = new float[Math.multiplyExact(maxBatch, widest)];
        pong = new float[ping.length];
        this.team = team != null && team.threads() > 1 ? team : null;
        long work = 1;
        for (Layer layer : layers) {
            work += (long) layer.inputSize() * layer.outputSize();
        }
        rowGrain = (int) Math.max(1, Math.min(maxBatch, WorkerTeam.MIN_PARALLEL_PRODUCT / work));
        if (this.team != null) {
            int share = (maxBatch + team.threads() - 1) / team.threads();
            replicas = new InferenceContext[team.threads()];
            for (int i = 0; i < replicas.length; i++) {
                replicas[i] = new InferenceContext(network, share);
            }
        } else {
            replicas = null;
        }
    }

    /**
     * The team this context splits batches across.
     *
     * @return the team given at creation when it has more than one thread, else null (one thread)
     */
    public WorkerTeam team() {
        return team;
    }

    /**
     * Runs forward passes on synthetic inputs until the JIT has had the chance to compile this network's
     * inference path (the GEMM micro-kernels for its layer shapes, the epilogues, the context's loop), so
     * that a service can call it before it takes traffic and its first requests do not run interpreted
     * or half-compiled code. Runs batches of 1, and every eighth pass a batch of {@link #maxBatch()} (the
     * row path and the tiled path of the GEMM), and stops after {@code maxPasses} passes or once
     * {@code budget} has elapsed, whichever comes first.
     *
     * <p>How many passes it takes depends on the JIT: on the benchmark machine (JDK 17 and 25) a batch-1
     * pass of a 784-256-128-10 network settles within 1.2x of its steady latency after a few thousand
     * calls; see {@code docs/results/HISTORY.md} ("Cold start and warm-up"). The inputs are a fixed
     * pattern in [-1, 1); scores are discarded.
     *
     * <p>Modifies only this context's buffers (the network's parameters are read); on a Monte-Carlo
     * dropout context the passes also advance its mask generators. Allocates one input array of
     * {@code maxBatch * inputSize} floats. Same thread rules as {@link #forward}.
     *
     * @param budget    the most time to spend; not negative
     * @param maxPasses the most forward passes to run, {@code >= 0}
     * @return the number of forward passes run
     * @throws IllegalArgumentException when {@code budget} is negative or {@code maxPasses < 0}
     */
    public long warmUp(java.time.Duration budget, long maxPasses) {
        return warmUp(budget, maxPasses, System::nanoTime);
    }

    /**
     * {@link #warmUp(java.time.Duration, long)} on the clock {@code nanoTime}: read once at the start and then,
     * while passes remain, once before each pass, which runs only if that reading is still short of start +
     * budget. For tests, which pass a clock they control.
     *
     * @param budget    the most time to spend on {@code nanoTime}'s scale; not negative
     * @param maxPasses the most forward passes to run, {@code >= 0}
     * @param nanoTime  the clock, in nanoseconds, as {@link System#nanoTime()}
     * @return the number of forward passes run
     */
    long warmUp(java.time.Duration budget, long maxPasses, java.util.function.LongSupplier nanoTime) {
        if (budget == null || budget.isNegative()) {
            throw new IllegalArgumentException("warm-up budget must be a non-negative duration, was " + budget);
        }
        if (maxPasses < 0) {
            throw new IllegalArgumentException("maxPasses must be >= 0, was " + maxPasses);
        }
        int inputs = network.inputSize();
        float[] x = new float[Math.multiplyExact(maxBatch, inputs)];
        for (int i = 0; i < x.length; i++) {
            // A fixed spread of values in [-1, 1): every layer sees both signs (ReLU's two branches).
            x[i] = (float) (((i * 0x9E3779B9L) >>> 8 & 0xFFFFFF) / (double) (1 << 23) - 1.0);
        }
        long deadline = nanoTime.getAsLong() + Math.max(0, budget.toNanos());
        float sink = 0f;
        long passes = 0;
        while (passes < maxPasses && nanoTime.getAsLong() - deadline < 0) {
            // Mostly single examples (what a service's first requests are), every eighth pass a full batch,
            // never the last few: the first real request then finds the single-example path hot.
            int batch = (passes & 7) == 3 ? maxBatch : 1;
            sink += forward(x, 0, batch)[0];
            passes++;
        }
        warmUpSink = sink;
        return passes;
    }

    /**
     * {@link #warmUp(java.time.Duration, long)} with the defaults measured for vecnet's networks: at most
     * {@value #DEFAULT_WARM_UP_PASSES} passes or 2 seconds.
     *
     * @return the number of forward passes run
     */
    public long warmUp() {
        return warmUp(java.time.Duration.ofSeconds(2), DEFAULT_WARM_UP_PASSES);
    }

    /** Forward passes of {@link #warmUp()}: past the 2,000-3,500 calls after which batch-1 latency settles. */
    public static final long DEFAULT_WARM_UP_PASSES = 10_000;

    /** Keeps the warm-up's results observable, so that the JIT cannot drop the passes as dead code. */
    private volatile float warmUpSink;

    /**
     * The largest batch this context accepts.
     *
     * @return the batch size this context was sized for
     */
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Scores of {@code batch} examples ({@code x [batch][inputSize]} from {@code xOff}, not modified):
     * returns a live buffer holding {@code [batch][outputSize]} from offset 0, valid until the next call
     * on this context. The buffer is this context's activation buffer, {@code maxBatch * widest layer}
     * values long, so its length is not the number of scores: only the first {@code batch * outputSize}
     * values are scores, the rest is left over from hidden layers. To get exactly the scores, use
     * {@link #predict(float[], int, int)} (a new array) or
     * {@link #predict(float[], int, int, float[], int)} (into an array of yours, allocating nothing).
     *
     * @param x the inputs, {@code [batch][inputSize]} from xOff; not modified
     * @param xOff index in x of the first example's first feature
     * @param batch the number of examples, in {@code [1, maxBatch]}
     * @return this context's buffer, holding the scores from offset 0 and other values after
     *         {@code batch * outputSize}; overwritten by the next call
     * @throws IllegalArgumentException for a batch outside {@code [1, maxBatch]}, an array too short, or
     *         (with input checking on) a NaN or infinite input
     */
    public float[] forward(float[] x, int xOff, int batch) {
        if (team != null && batch >= 2 * rowGrain) {
            // Each part checks its own rows for non-finite values, before it computes anything.
            network.checkShape(x, xOff, batch, maxBatch);
            splitX = x;
            splitXOff = xOff;
            team.forEachRange(batch, 1, rowGrain, rowParts);
            splitX = null;
            return ping;
        }
        network.checkBatch(x, xOff, batch, maxBatch);
        return forwardLayers(x, xOff, batch);
    }

    /** Part {@code part} of a split forward: rows {@code [from, to)} through its replica, scores into ping. */
    private void forwardRows(int part, int from, int to) {
        InferenceContext replica = replicas[part];
        int in = network.inputSize();
        int out = network.outputSize();
        network.checkFinite(splitX, splitXOff + from * in, to - from, from);
        for (int row = from; row < to; row += replica.maxBatch) {
            int rows = Math.min(replica.maxBatch, to - row);
            float[] scores = replica.forwardLayers(splitX, splitXOff + row * in, rows);
            System.arraycopy(scores, 0, ping, row * out, rows * out);
        }
    }

    /** The layers in evaluation mode over {@code batch} checked rows; returns the buffer holding the scores. */
    private float[] forwardLayers(float[] x, int xOff, int batch) {
        float[] in = x;
        int inOff = xOff;
        float[] out = ping;
        for (int i = 0; i < layers.length; i++) {
            layers[i].forward(states[i], in, inOff, out, batch, false);
            in = out;
            inOff = 0;
            out = out == ping ? pong : ping;
        }
        return in;
    }

    /**
     * The scores of {@code batch} examples in a new array of exactly {@code batch * outputSize} values,
     * {@code [batch][outputSize]}. Allocates that array; {@link #predict(float[], int, int, float[], int)}
     * writes into a given one instead.
     *
     * @param x the inputs, {@code [batch][inputSize]} from xOff; not modified
     * @param xOff index in x of the first example's first feature
     * @param batch the number of examples, in {@code [1, maxBatch]}
     * @return a new array of the {@code batch * outputSize} scores
     * @throws IllegalArgumentException for a batch outside {@code [1, maxBatch]}, an array too short, or
     *         (with input checking on) a NaN or infinite input
     */
    public float[] predict(float[] x, int xOff, int batch) {
        float[] scores = forward(x, xOff, batch);
        return Arrays.copyOf(scores, batch * network.outputSize());
    }

    /**
     * Copies the scores of {@code batch} examples into {@code scores [batch][outputSize]} from {@code outOff}.
     *
     * @param x the inputs, {@code [batch][inputSize]} from xOff; not modified
     * @param xOff index in x of the first example's first feature
     * @param batch the number of examples, in {@code [1, maxBatch]}
     * @param scores receives {@code [batch][outputSize]} scores from outOff; only that range is modified
     * @param outOff index in scores of the first score
     */
    public void predict(float[] x, int xOff, int batch, float[] scores, int outOff) {
        int n = batch * network.outputSize();
        if (scores == null || outOff < 0 || (long) outOff + n > scores.length) {
            throw new IllegalArgumentException("scores must hold " + n + " values from offset " + outOff);
        }
        System.arraycopy(forward(x, xOff, batch), 0, scores, outOff, n);
    }

    /**
     * Class probabilities: softmax of the scores for softmax cross-entropy, the sigmoid of each score for
     * binary cross-entropy, the raw scores for other losses. Writes {@code [batch][outputSize]}.
     *
     * @param x the inputs, {@code [batch][inputSize]} from xOff; not modified
     * @param xOff index in x of the first example's first feature
     * @param batch the number of examples, in {@code [1, maxBatch]}
     * @param probabilities receives {@code [batch][outputSize]} values from outOff; only that range is modified
     * @param outOff index in probabilities of the first value
     */
    public void predictProbabilities(float[] x, int xOff, int batch, float[] probabilities, int outOff) {
        predict(x, xOff, batch, probabilities, outOff);
        int width = network.outputSize();
        Loss loss = network.loss();
        if (loss == Losses.SOFTMAX_CROSS_ENTROPY) {
            Elementwise.softmaxRows(batch, width, probabilities, outOff, width, probabilities, outOff, width);
        } else if (loss == Losses.SIGMOID_BINARY_CROSS_ENTROPY) {
            Elementwise.sigmoid(batch * width, probabilities, outOff, probabilities, outOff);
        }
    }

    /**
     * The predicted class of each example: the largest score, or for one sigmoid output, score > 0. Writes
     * {@code classes[classOff .. classOff + batch)}.
     *
     * @param x the inputs, {@code [batch][inputSize]} from xOff; not modified
     * @param xOff index in x of the first example's first feature
     * @param batch the number of examples, in {@code [1, maxBatch]}
     * @param classes receives one class per example from classOff; only that range is modified
     * @param classOff index in classes of the first example's class
     */
    public void classify(float[] x, int xOff, int batch, int[] classes, int classOff) {
        if (classes == null || classOff < 0 || (long) classOff + batch > classes.length) {
            throw new IllegalArgumentException("classes must hold " + batch + " values from offset " + classOff);
        }
        float[] scores = forward(x, xOff, batch);
        int width = network.outputSize();
        for (int i = 0; i < batch; i++) {
            classes[classOff + i] = argmax(scores, i * width, width);
        }
    }

    /**
     * The predicted class of the one example at {@code x[xOff ..]}.
     *
     * @param x the input, {@code inputSize} values from xOff; not modified
     * @param xOff index in x of the example's first feature
     * @return the predicted class of the example
     */
    public int classify(float[] x, int xOff) {
        float[] scores = forward(x, xOff, 1);
        return argmax(scores, 0, network.outputSize());
    }

    private static int argmax(float[] scores, int off, int width) {
        if (width == 1) {
            return scores[off] > 0f ? 1 : 0;
        }
        return Elementwise.argmax(scores, off, width);
    }
}
