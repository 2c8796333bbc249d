package dev.vecnet.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The batch-1 inference workloads shared by {@link InferenceBench} and {@link InferenceLatencyBench}: an
 * MLP with ReLU after each hidden layer and none on the output, its weights, one input row and the
 * forward pass in double precision, and the same network built in vecnet and in ONNX Runtime.
 * <ul>
 *   <li>{@code W2}: 64-128-128-8;</li>
 *   <li>{@code W2b}: 784-256-128-10 (MNIST-sized).</li>
 * </ul>
 * Weights are He-normal ({@code N(0, 2 / in)}), biases uniform in [-0.1, 0.1), the input uniform in
 * [-1, 1), all from a seed fixed per workload. Immutable after construction.
 */
final class MlpModel {
    /** Relative tolerance of each score against the double-precision reference (see {@link #check}). */
    static final double TOLERANCE = 1e-4;

    final String workload;
    final int[] sizes;
    final float[][] weights;
    final float[][] biases;
    /** The input row, {@code [sizes[0]]}. */
    final float[] x;
    /** The scores of {@link #x} in double precision. */
    final double[] reference;

    private MlpModel(String workload, int[] sizes) {
        this.workload = workload;
        this.sizes = sizes;
        int layers = sizes.length - 1;
        SplittableRandom random = new SplittableRandom(0x1F3B_0000L + workload.hashCode());
        weights = new float[layers][];
        biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double std = Math.sqrt(2.0 / in);
            weights[l] = new float[out * in];
            for (int i = 0; i < weights[l].length; i++) {
                weights[l][i] = (float) (std * random.nextGaussian());
            }
            biases[l] = new float[out];
            for (int i = 0; i < out; i++) {
                biases[l][i] = (float) random.nextDouble(-0.1, 0.1);
            }
        }
        x = new float[sizes[0]];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        reference = reference(sizes, weights, biases, x);
    }

    /** The workload {@code W2} or {@code W2b}. */
    static MlpModel named(String workload) {
        switch (workload) {
            case "W2":
                return new MlpModel(workload, new int[] {64, 128, 128, 8});
            case "W2b":
                return new MlpModel(workload, new int[] {784, 256, 128, 10});
            default:
                throw new IllegalArgumentException("unknown workload " + workload + " (W2 or W2b)");
        }
    }

    /** Output scores per example. */
    int outputs() {
        return sizes[sizes.length - 1];
    }

    /**
     * The network in vecnet: {@code Network.builder(in).dense(h1).relu().dense(h2).relu().dense(out)}, the
     * weights copied into its parameter tensors ({@code 0.weight}, {@code 0.bias}, {@code 2.*},
     * {@code 4.*}: nn.Sequential numbering, the ReLUs take 1 and 3), then {@code parametersChanged()}.
     */
    Network vecnetNetwork(int maxBatch) {
        if (sizes.length != 4) {
            throw new IllegalStateException("the vecnet network below has three dense layers, not " + (sizes.length - 1));
        }
        Network net = Network.builder(sizes[0])
                .dense(sizes[1]).relu()
                .dense(sizes[2]).relu()
                .dense(sizes[3])
                .seed(1).maxBatch(maxBatch)
                .build();
        float[] values = net.parameters().values();
        for (int l = 0; l < sizes.length - 1; l++) {
            copy(net.parameters().tensor((2 * l) + ".weight"), sizes[l + 1], sizes[l], weights[l], values);
            copy(net.parameters().tensor((2 * l) + ".bias"), 1, sizes[l + 1], biases[l], values);
        }
        net.parametersChanged();
        return net;
    }

    private static void copy(ParameterTensor t, int rows, int cols, float[] from, float[] values) {
        if (t.rows() != rows || t.cols() != cols) {
            throw new IllegalStateException("vecnet tensor " + t.name() + " is " + t.rows() + " x " + t.cols()
                    + ", expected " + rows + " x " + cols);
        }
        System.arraycopy(from, 0, values, t.offset(), rows * cols);
    }

    /**
     * The network in ONNX Runtime ({@code Gemm} with {@code transB = 1} + {@code Relu} nodes, written by
     * {@link OnnxMlpModel}), with {@code intraOpThreads} intra-op threads, one inter-op thread and the
     * default graph optimisation level {@code ALL_OPT}. The caller closes it.
     */
    OrtSession onnxSession(OrtEnvironment env, int intraOpThreads) throws OrtException {
        byte[] model = OnnxMlpModel.mlp(sizes, weights, biases);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(model, options);
            System.out.println("[bench] ONNX Runtime " + env.getVersion() + ": model of " + model.length
                    + " bytes, intra-op threads " + intraOpThreads + ", inter-op threads 1, ALL_OPT; inputs "
                    + session.getInputNames() + ", outputs " + session.getOutputNames());
            return session;
        }
    }

    /** The MLP's forward pass in double precision (ReLU after every layer but the last). */
    static double[] reference(int[] sizes, float[][] weights, float[][] biases, float[] x) {
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
        }
        for (int l = 0; l < sizes.length - 1; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] y = new double[out];
            for (int o = 0; o < out; o++) {
                double s = biases[l][o];
                for (int i = 0; i < in; i++) {
                    s += (double) weights[l][o * in + i] * a[i];
                }
                y[o] = l < sizes.length - 2 ? Math.max(s, 0) : s;
            }
            a = y;
        }
        return a;
    }

    /**
     * Throws unless {@code got} has the reference's length and every score is within {@link #TOLERANCE}
     * times the largest reference magnitude (a relative error in the max norm, so that a score near zero
     * is not held to an impossible standard; a wrong weight layout is off by O(1)).
     */
    void check(String what, float[] got) {
        double scale = 0;
        for (double r : reference) {
            scale = Math.max(scale, Math.abs(r));
        }
        if (!(scale > 0)) {
            throw new IllegalStateException("the reference scores are all zero: the check would prove nothing");
        }
        if (got.length < reference.length) {
            throw new IllegalStateException(what + " returned " + got.length + " scores, expected " + reference.length);
        }
        double worst = 0;
        for (int j = 0; j < reference.length; j++) {
            double err = Math.abs(got[j] - reference[j]) / scale;
            if (!(err <= TOLERANCE)) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%s is wrong at score %d: %s, double reference %s (relative error %.2e > %.0e); all scores %s",
                        what, j, got[j], reference[j], err, TOLERANCE,
                        Arrays.toString(Arrays.copyOf(got, reference.length))));
            }
            worst = Math.max(worst, err);
        }
        System.out.printf(Locale.ROOT, "[bench] check %s %s: %d scores match the double reference (max relative error %.1e)%n",
                workload, what, reference.length, worst);
    }
}
