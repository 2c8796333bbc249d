package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Examples;
import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.Epilogue;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.Activation;
import dev.vecnet.nn.Dense;
import dev.vecnet.nn.Layer;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.PRelu;
import dev.vecnet.nn.ParameterTensor;
import dev.vecnet.nn.TrainingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The measurements {@link Diagnostics} takes of a network on a fixed sample of its training data: per layer the
 * mean and standard deviation of the outputs, the fraction of dead ReLU units and of saturated sigmoid / tanh
 * outputs, and per weight tensor the norm of the gradient. One pass per {@link #measure}: the sample in chunks of
 * {@link #CHUNK_ROWS} rows through {@link TrainingContext#evaluateGradients} on a context of its own (evaluation
 * mode: dropout off, BatchNorm on its running statistics), which reads the parameters and changes nothing else of
 * the network.
 *
 * <p>Allocates its sample, context and accumulators in the constructor; {@link #measure} allocates nothing. Not
 * thread-safe.
 */
final class SampleProbe {
    /** Rows per forward/backward pass: the sample runs in chunks of this many (bounds the context's buffers). */
    static final int CHUNK_ROWS = 256;

    /** How a layer's units are judged. */
    private enum Check { NONE, DEAD, SATURATED_SIGMOID, SATURATED_TANH }

    private final Network net;
    private final Layer[] layers;
    private final Check[] checks;
    /** For dead-unit checks: whether the layer's input (true) or output (false) tells a unit's sign. */
    private final boolean[] signOfInput;
    private final Dataset sample;
    private final int chunk;
    private final TrainingContext context;
    private final int[] labelChunk;
    private final float[] targetChunk;
    private final float[] gradientSum;
    private final ParameterTensor[] weights;

    private final double[] sums;
    private final double[] squares;
    private final long[] saturatedCounts;
    /** Per dead-checked layer, per unit: whether the unit was positive on some row of the sample. */
    private final boolean[][] positive;

    /** Results of the last {@link #measure}, per layer (NaN where the check does not apply). */
    final double[] mean;
    final double[] std;
    final double[] deadFraction;
    final double[] saturatedFraction;
    /** Results of the last {@link #measure}, per weight tensor. */
    final double[] gradientNorm;

    /**
     * @param net        the network measured
     * @param data       the training examples
     * @param sampleSize the most rows of the sample, {@code >= 1}: all of {@code data} when it has no more
     * @param seed       chooses the rows (a uniform sample without replacement, in row order)
     * @param team       splits each pass, or null
     */
    SampleProbe(Network net, Examples data, int sampleSize, long seed, WorkerTeam team) {
        this.net = net;
        this.layers = net.layers().toArray(new Layer[0]);
        this.sample = Dataset.copyOf(data, rows(data.count(), sampleSize, seed));
        this.chunk = Math.min(CHUNK_ROWS, sample.size());
        this.context = net.newTrainingContext(chunk, false, team);
        this.labelChunk = sample.hasLabels() ? new int[chunk] : null;
        this.targetChunk = sample.hasLabels() ? null : new float[chunk * sample.targetCount()];
        this.gradientSum = new float[net.parameters().size()];
        this.weights = weightTensors(net);
        int n = layers.length;
        checks = new Check[n];
        signOfInput = new boolean[n];
        positive = new boolean[n][];
        for (int i = 0; i < n; i++) {
            checks[i] = check(layers[i]);
            signOfInput[i] = !(layers[i] instanceof Dense);
            positive[i] = checks[i] == Check.DEAD ? new boolean[layers[i].outputSize()] : null;
        }
        sums = new double[n];
        squares = new double[n];
        saturatedCounts = new long[n];
        mean = new double[n];
        std = new double[n];
        deadFraction = new double[n];
        saturatedFraction = new double[n];
        gradientNorm = new double[weights.length];
    }

    /** The weight tensors (L2-decayed: dense and maxout weights), in layout order. */
    static ParameterTensor[] weightTensors(Network net) {
        List<ParameterTensor> out = new ArrayList<>();
        for (ParameterTensor t : net.parameters().tensors()) {
            if (t.decayed() && t.trainable()) {
                out.add(t);
            }
        }
        return out.toArray(new ParameterTensor[0]);
    }

    /** Whether {@code layer}'s units can die (ReLU kinds) or saturate (sigmoid, tanh). */
    private static Check check(Layer layer) {
        if (layer instanceof Dense d) {
            return d.activation() == Epilogue.RELU || d.activation() == Epilogue.LEAKY_RELU ? Check.DEAD : Check.NONE;
        }
        if (layer instanceof PRelu) {
            return Check.DEAD;
        }
        if (layer instanceof Activation a) {
            switch (a.kind()) {
                case RELU:
                case LEAKY_RELU:
                    return Check.DEAD;
                case SIGMOID:
                    return Check.SATURATED_SIGMOID;
                case TANH:
                    return Check.SATURATED_TANH;
                default:
                    return Check.NONE;
            }
        }
        return Check.NONE;
    }

    /** Whether layer {@code i} has a dead-unit check. */
    boolean checksDead(int i) {
        return checks[i] == Check.DEAD;
    }

    /** Whether layer {@code i} has a saturation check. */
    boolean checksSaturation(int i) {
        return checks[i] == Check.SATURATED_SIGMOID || checks[i] == Check.SATURATED_TANH;
    }

    /** The weight tensors whose gradient norms {@link #gradientNorm} holds. */
    ParameterTensor[] weights() {
        return weights;
    }

    /** Rows in the sample. */
    int size() {
        return sample.size();
    }

    /**
     * {@code min(count, size)} distinct rows of {@code [0, count)} in increasing order, each subset equally
     * likely (selection sampling, Knuth's algorithm S), drawn from {@code seed}.
     */
    static long[] rows(long count, int size, long seed) {
        if (count <= size) {
            long[] all = new long[(int) count];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        SplittableRandom random = new SplittableRandom(seed);
        long[] out = new long[size];
        int taken = 0;
        for (long row = 0; row < count && taken < size; row++) {
            if (random.nextLong(count - row) < size - taken) {
                out[taken++] = row;
            }
        }
        return out;
    }

    /** Measures the network's current parameters on the sample. Allocates nothing. */
    void measure() {
        java.util.Arrays.fill(sums, 0);
        java.util.Arrays.fill(squares, 0);
        java.util.Arrays.fill(saturatedCounts, 0);
        for (boolean[] p : positive) {
            if (p != null) {
                java.util.Arrays.fill(p, false);
            }
        }
        int rows = sample.size();
        int features = sample.featureCount();
        float[] x = sample.features();
        for (int first = 0; first < rows; first += chunk) {
            int n = Math.min(chunk, rows - first);
            if (labelChunk != null) {
                System.arraycopy(sample.labels(), first, labelChunk, 0, n);
            } else {
                int t = sample.targetCount();
                System.arraycopy(sample.targets(), first * t, targetChunk, 0, n * t);
            }
            context.evaluateGradients(x, first * features, n, labelChunk, targetChunk);
            float share = (float) n / rows;
            float[] g = context.gradients();
            if (first == 0) {
                System.arraycopy(g, 0, gradientSum, 0, g.length);
                Elementwise.scale(g.length, share, gradientSum, 0);
            } else {
                Elementwise.axpy(g.length, share, g, 0, gradientSum, 0);
            }
            for (int i = 0; i < layers.length; i++) {
                accumulate(i, x, first * features, n);
            }
        }
        for (int i = 0; i < layers.length; i++) {
            long count = (long) rows * layers[i].outputSize();
            mean[i] = sums[i] / count;
            std[i] = Math.sqrt(Math.max(0, squares[i] / count - mean[i] * mean[i]));
            if (checks[i] == Check.DEAD) {
                int dead = 0;
                for (boolean p : positive[i]) {
                    dead += p ? 0 : 1;
                }
                deadFraction[i] = (double) dead / positive[i].length;
            } else {
                deadFraction[i] = Double.NaN;
            }
            saturatedFraction[i] = checksSaturation(i) ? (double) saturatedCounts[i] / count : Double.NaN;
        }
        for (int w = 0; w < weights.length; w++) {
            gradientNorm[w] = norm(gradientSum, weights[w].offset(), weights[w].size());
        }
    }

    /** Adds layer {@code i}'s outputs of the current chunk of {@code n} rows to its sums and unit checks. */
    private void accumulate(int i, float[] x, int xOff, int n) {
        int width = layers[i].outputSize();
        float[] y = context.activation(i);
        int count = n * width;
        double s = 0;
        double q = 0;
        for (int e = 0; e < count; e++) {
            double v = y[e];
            s += v;
            q += v * v;
        }
        sums[i] += s;
        squares[i] += q;
        Check check = checks[i];
        if (check == Check.DEAD) {
            boolean[] p = positive[i];
            float[] sign = signOfInput[i] ? (i == 0 ? x : context.activation(i - 1)) : y;
            int off = signOfInput[i] && i == 0 ? xOff : 0;
            for (int r = 0; r < n; r++) {
                int row = off + r * width;
                for (int u = 0; u < width; u++) {
                    if (sign[row + u] > 0f) {
                        p[u] = true;
                    }
                }
            }
        } else if (check == Check.SATURATED_SIGMOID || check == Check.SATURATED_TANH) {
            float low = (check == Check.SATURATED_SIGMOID ? 0f : -1f) + Diagnostics.SATURATION_MARGIN;
            float high = 1f - Diagnostics.SATURATION_MARGIN;
            long saturated = 0;
            for (int e = 0; e < count; e++) {
                float v = y[e];
                if (v <= low || v >= high) {
                    saturated++;
                }
            }
            saturatedCounts[i] += saturated;
        }
    }

    /** The Euclidean norm of {@code a[off .. off + n)}, summed in double. */
    static double norm(float[] a, int off, int n) {
        double s = 0;
        for (int i = off, end = off + n; i < end; i++) {
            s += (double) a[i] * a[i];
        }
        return Math.sqrt(s);
    }
}
