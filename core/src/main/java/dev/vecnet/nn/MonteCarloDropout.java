package dev.vecnet.nn;

import java.util.SplittableRandom;

/**
 * Monte-Carlo dropout prediction (Gal and Ghahramani, 2016): the mean class probabilities of {@code T}
 * stochastic forward passes in which every dropout layer draws a fresh mask, as in training, while every
 * other layer evaluates (BatchNorm normalises with its running statistics and does not update them):
 * <pre>
 *   p(c | x) = (1/T) sum_{t=1..T} g(f(x; m_t))[c]
 * </pre>
 * where {@code f(x; m_t)} are the scores with the dropout masks {@code m_t} of pass t (inverted dropout:
 * each unit kept with probability {@code 1 - p} and scaled by {@code 1 / (1 - p)}), and {@code g} is the
 * loss's probability map, as in {@link InferenceContext#predictProbabilities}: softmax for softmax
 * cross-entropy, the sigmoid of each score for binary cross-entropy, the identity for other losses (so
 * with mean squared error the result is the mean of the scores).
 *
 * <p>With {@code p = 0} or no dropout layer every pass equals the deterministic one, and so does the mean,
 * bit for bit (the mean is accumulated as a running mean, {@code mu_t = mu_{t-1} + (q_t - mu_{t-1}) / t}).
 *
 * <p>Randomness: each dropout layer gets its own seed drawn from this object's seed, and a counter that
 * advances with every pass, so successive calls draw fresh masks; two objects with the same network,
 * seed and sequence of calls give identical results. The masks are the same on the scalar and the vector
 * kernel path (the probability map's exponentials may differ in the last bits between them).
 *
 * <p>Memory: one {@link InferenceContext} (two buffers of the widest layer and a mask per dropout layer,
 * {@code maxBatch} rows each) and one buffer of {@code [maxBatch][outputSize]}, allocated by the
 * constructor; {@link #predictProbabilities} allocates nothing.
 *
 * <p>Thread-safety: not thread-safe; confine each object to one thread. Many objects may share one
 * network on different threads as long as nobody changes its parameters meanwhile: prediction only reads
 * them (BatchNorm running statistics included).
 */
public final class MonteCarloDropout {
    private final InferenceContext context;
    private final int passes;
    private final int classes;
    private final float[] pass;

    /**
     * A predictor averaging {@code passes} stochastic forward passes of {@code network}, with buffers for
     * {@code maxBatch} examples.
     *
     * @param network  a trained network; read, never modified
     * @param maxBatch the largest batch {@link #predictProbabilities} accepts, >= 1
     * @param passes   T, the number of stochastic forward passes per prediction, >= 1
     * @param seed     seed of the dropout masks
     */
    public MonteCarloDropout(Network network, int maxBatch, int passes, long seed) {
        if (network == null) {
            throw new IllegalArgumentException("network must not be null");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be >= 1, was " + passes);
        }
        this.context = new InferenceContext(network, maxBatch, new SplittableRandom(seed));
        this.passes = passes;
        this.classes = network.outputSize();
        this.pass = new float[Math.multiplyExact(maxBatch, classes)];
    }

    /**
     * T, the number of stochastic passes averaged per prediction.
     *
     * @return T, the number of stochastic forward passes averaged per prediction
     */
    public int passes() {
        return passes;
    }

    /**
     * The largest batch {@link #predictProbabilities} accepts.
     *
     * @return the batch size this predictor was sized for
     */
    public int maxBatch() {
        return context.maxBatch();
    }

    /**
     * Writes the Monte-Carlo mean probabilities of {@code batch} examples into
     * {@code out[outOff .. outOff + batch * outputSize)}, row-major {@code [batch][outputSize]}.
     *
     * @param x     inputs {@code [batch][inputSize]} from {@code xOff}; not modified
     * @param xOff index in x of the first example's first feature
     * @param batch the number of examples, in {@code [1, maxBatch]}
     * @param out   modified in the range above only; must not overlap {@code x}
     * @param outOff index in out of the first value
     * @throws IllegalArgumentException for a batch outside {@code [1, maxBatch]}, arrays too short, or (with
     *         input checking on) a NaN or infinite input
     */
    public void predictProbabilities(float[] x, int xOff, int batch, float[] out, int outOff) {
        int n = batch * classes;
        context.predictProbabilities(x, xOff, batch, out, outOff);
        for (int t = 2; t <= passes; t++) {
            context.predictProbabilities(x, xOff, batch, pass, 0);
            float inv = 1f / t;
            for (int i = 0; i < n; i++) {
                float mean = out[outOff + i];
                out[outOff + i] = mean + (pass[i] - mean) * inv;
            }
        }
    }
}
