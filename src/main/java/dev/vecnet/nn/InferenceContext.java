package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;

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

    InferenceContext(Network network, int maxBatch) {
        this(network, maxBatch, null);
    }

    /**
     * A context whose dropout layers draw masks (from seeds of {@code dropoutSeeds}, one per dropout layer)
     * instead of being the identity, when {@code dropoutSeeds} is not null; every other layer evaluates.
     */
    InferenceContext(Network network, int maxBatch, SplittableRandom dropoutSeeds) {
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
                    : layer.newState(maxBatch, false);
        }
        ping = new float[Math.multiplyExact(maxBatch, widest)];
        pong = new float[ping.length];
    }

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
        network.checkBatch(x, xOff, batch, maxBatch);
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
