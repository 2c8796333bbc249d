package dev.vecnet.nn;

import dev.vecnet.data.Preprocessor;

/**
 * A loaded model ready to serve raw inputs: the model file's preprocessing (if any) applied to a copy of
 * each batch, then an {@link InferenceContext} of the network. Made by
 * {@code dev.vecnet.format.LoadedModel.predictor(int)} for a model file, or directly;
 * inputs are given as raw as the training data was, never standardised by the caller.
 *
 * <p>Allocation: the context and a copy buffer of {@code maxBatch * inputSize} floats once, at
 * construction; {@link #predict(float[], int, int)} allocates its result, the other methods nothing.
 * Thread-safety: confined to one thread at a time (it owns its buffers); create one per serving thread.
 * The network's parameters are shared, so do not change them while a predictor is in use.
 */
public final class Predictor {
    private final Network network;
    private final Preprocessor preprocessor;
    private final InferenceContext context;
    private final float[] copy;

    /**
     * A predictor of {@code network} after {@code preprocessor}.
     *
     * @param network      the network, shared (not copied)
     * @param preprocessor the preprocessing of raw inputs, or null when the network takes them as they are
     * @param maxBatch     the most examples per call, {@code >= 1}
     * @throws IllegalArgumentException when {@code maxBatch < 1} or its buffers would exceed an array
     */
    public Predictor(Network network, Preprocessor preprocessor, int maxBatch) {
        this.network = network;
        this.preprocessor = preprocessor;
        this.context = network.newInferenceContext(maxBatch);
        this.copy = new float[Math.multiplyExact(maxBatch, network.inputSize())];
    }

    /**
     * The network it runs.
     *
     * @return the network (shared, not a copy)
     */
    public Network network() {
        return network;
    }

    /**
     * The preprocessing applied to every input before the network.
     *
     * @return the preprocessor rebuilt from the model file, or null when the file stores none
     */
    public Preprocessor preprocessor() {
        return preprocessor;
    }

    /**
     * The largest batch one call accepts.
     *
     * @return the {@code maxBatch} this predictor was made for
     */
    public int maxBatch() {
        return context.maxBatch();
    }

    /**
     * The scores of {@code batch} raw examples in a new array, {@code [batch][outputSize]}.
     *
     * @param x     raw inputs, {@code [batch][inputSize]} from xOff; not modified (a copy is preprocessed)
     * @param xOff  index in x of the first example's first feature
     * @param batch number of examples, in {@code [1, maxBatch]}
     * @return a new array of exactly {@code batch * outputSize} scores
     * @throws IllegalArgumentException for a batch outside {@code [1, maxBatch]}, an array too short, or
     *                                  (with the network's input checking on) a NaN or infinite input
     */
    public float[] predict(float[] x, int xOff, int batch) {
        return context.predict(prepare(x, xOff, batch), 0, batch);
    }

    /**
     * Writes the scores of {@code batch} raw examples into {@code scores [batch][outputSize]} from outOff.
     *
     * @param x      raw inputs, {@code [batch][inputSize]} from xOff; not modified
     * @param xOff   index in x of the first example's first feature
     * @param batch  number of examples, in {@code [1, maxBatch]}
     * @param scores receives {@code batch * outputSize} values from outOff; only that range is modified
     * @param outOff index in scores of the first score
     * @throws IllegalArgumentException for a bad batch, an array too short, or a non-finite input (as above)
     */
    public void predict(float[] x, int xOff, int batch, float[] scores, int outOff) {
        context.predict(prepare(x, xOff, batch), 0, batch, scores, outOff);
    }

    /**
     * Class probabilities of {@code batch} raw examples, as {@link InferenceContext#predictProbabilities}.
     *
     * @param x             raw inputs, {@code [batch][inputSize]} from xOff; not modified
     * @param xOff          index in x of the first example's first feature
     * @param batch         number of examples, in {@code [1, maxBatch]}
     * @param probabilities receives {@code batch * outputSize} values from outOff; only that range is modified
     * @param outOff        index in probabilities of the first value
     * @throws IllegalArgumentException for a bad batch, an array too short, or a non-finite input (as above)
     */
    public void predictProbabilities(float[] x, int xOff, int batch, float[] probabilities, int outOff) {
        context.predictProbabilities(prepare(x, xOff, batch), 0, batch, probabilities, outOff);
    }

    /**
     * The predicted class of each of {@code batch} raw examples, as {@link InferenceContext#classify(float[], int, int, int[], int)}.
     *
     * @param x        raw inputs, {@code [batch][inputSize]} from xOff; not modified
     * @param xOff     index in x of the first example's first feature
     * @param batch    number of examples, in {@code [1, maxBatch]}
     * @param classes  receives one class per example from classOff; only that range is modified
     * @param classOff index in classes of the first example's class
     * @throws IllegalArgumentException for a bad batch, an array too short, or a non-finite input (as above)
     */
    public void classify(float[] x, int xOff, int batch, int[] classes, int classOff) {
        context.classify(prepare(x, xOff, batch), 0, batch, classes, classOff);
    }

    /**
     * The predicted class of the one raw example at {@code x[xOff ..]}.
     *
     * @param x    raw input, {@code inputSize} values from xOff; not modified
     * @param xOff index in x of the example's first feature
     * @return the predicted class
     * @throws IllegalArgumentException for an array too short or a non-finite input (as above)
     */
    public int classify(float[] x, int xOff) {
        return context.classify(prepare(x, xOff, 1), 0);
    }

    /** Copies the batch into this predictor's buffer and preprocesses it there; the caller's x is untouched. */
    private float[] prepare(float[] x, int xOff, int batch) {
        int width = network.inputSize();
        if (batch < 1 || batch > context.maxBatch()) {
            throw new IllegalArgumentException("batch must be in [1, " + context.maxBatch() + "], was " + batch);
        }
        if (x == null || xOff < 0 || xOff + (long) batch * width > x.length) {
            throw new IllegalArgumentException("x must hold " + batch + " examples of " + width + " features from offset "
                    + xOff + (x == null ? ", was null" : ", has length " + x.length));
        }
        System.arraycopy(x, xOff, copy, 0, batch * width);
        if (preprocessor != null) {
            preprocessor.applyInPlace(copy, 0, batch, width);
        }
        return copy;
    }
}
