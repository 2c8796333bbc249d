package dev.vecnet.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;
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

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end inference latency of one example (batch 1) through a small MLP, vecnet against ONNX Runtime,
 * on one thread, with the same weights and the same input row:
 * <ul>
 *   <li>{@code W2}: 64-128-128-8, ReLU after each hidden layer, none on the output;</li>
 *   <li>{@code W2b}: 784-256-128-10 (MNIST-sized), likewise.</li>
 * </ul>
 * Weights are He-normal ({@code N(0, 2 / in)}), biases uniform in [-0.1, 0.1), the input uniform in
 * [-1, 1), all from fixed seeds.
 *
 * <p>{@code vecnet}: {@code InferenceContext.forward(x, 0, 1)} on a network built with
 * {@code Network.builder(in).dense(h1).relu().dense(h2).relu().dense(out)}, the weights copied into its
 * parameter tensors ({@code 0.weight}, {@code 0.bias}, {@code 2.*}, {@code 4.*}) and
 * {@code parametersChanged()} called, all in setup. It returns the context's live score buffer.
 *
 * <p>{@code onnxruntime}: {@code OrtSession.run} on the same network as an ONNX model ({@code Gemm} with
 * {@code transB = 1} + {@code Relu} nodes, written by {@link OnnxMlpModel}), with one intra-op and one
 * inter-op thread and the default graph optimisation level {@code ALL_OPT}; the input {@code OnnxTensor}
 * and the input map are created once in setup, and each call copies the output out
 * ({@code getFloatBuffer()}) and closes the {@code OrtSession.Result}, as a caller must.
 *
 * <p>Setup computes the forward pass in double precision and refuses to run (throws) unless both
 * libraries' scores match it within {@code 1e-4} relative to the largest score magnitude.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class InferenceBench {
    /** Relative tolerance of each score against the double-precision reference (see {@link #check}). */
    static final double TOLERANCE = 1e-4;

    @Param({"W2", "W2b"})
    public String workload;

    private float[] x;

    private InferenceContext context;

    private OrtEnvironment env;
    private OrtSession session;
    private OnnxTensor input;
    private Map<String, OnnxTensor> inputs;

    /** Layer widths of a workload, input first. */
    static int[] sizes(String workload) {
        switch (workload) {
            case "W2":
                return new int[] {64, 128, 128, 8};
            case "W2b":
                return new int[] {784, 256, 128, 10};
            default:
                throw new IllegalArgumentException("unknown workload " + workload + " (W2 or W2b)");
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        BenchSupport.checkVecnet();
        int[] sizes = sizes(workload);
        int layers = sizes.length - 1;
        SplittableRandom random = new SplittableRandom(0x1F3B_0000L + workload.hashCode());
        float[][] weights = new float[layers][];
        float[][] biases = new float[layers][];
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
        double[] reference = reference(sizes, weights, biases, x);
        System.out.printf(Locale.ROOT, "[bench] InferenceBench %s: MLP %s, double-precision scores %s%n", workload,
                Arrays.toString(sizes), Arrays.toString(reference));

        setUpVecnet(sizes, weights, biases);
        check("vecnet", vecnet(), reference);

        setUpOnnxRuntime(sizes, weights, biases);
        float[] ort = new float[sizes[layers]];
        onnxruntime().get(ort);
        check("onnxruntime", ort, reference);
    }

    private void setUpVecnet(int[] sizes, float[][] weights, float[][] biases) {
        if (sizes.length != 4) {
            throw new IllegalStateException("the vecnet network below has three dense layers, not " + (sizes.length - 1));
        }
        Network net = Network.builder(sizes[0])
                .dense(sizes[1]).relu()
                .dense(sizes[2]).relu()
                .dense(sizes[3])
                .seed(1).maxBatch(1)
                .build();
        float[] values = net.parameters().values();
        for (int l = 0; l < sizes.length - 1; l++) {
            // nn.Sequential numbering: the ReLU modules take indices 1 and 3.
            copy(net.parameters().tensor((2 * l) + ".weight"), sizes[l + 1], sizes[l], weights[l], values);
            copy(net.parameters().tensor((2 * l) + ".bias"), 1, sizes[l + 1], biases[l], values);
        }
        net.parametersChanged();
        System.out.println("[bench] vecnet network: " + net.architecture() + ", layers as run: " + net.layers().size());
        context = net.newInferenceContext(1);
    }

    private static void copy(ParameterTensor t, int rows, int cols, float[] from, float[] values) {
        if (t.rows() != rows || t.cols() != cols) {
            throw new IllegalStateException("vecnet tensor " + t.name() + " is " + t.rows() + " x " + t.cols()
                    + ", expected " + rows + " x " + cols);
        }
        System.arraycopy(from, 0, values, t.offset(), rows * cols);
    }

    private void setUpOnnxRuntime(int[] sizes, float[][] weights, float[][] biases) throws OrtException {
        byte[] model = OnnxMlpModel.mlp(sizes, weights, biases);
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(model, options);
        }
        input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.clone()), new long[] {1, sizes[0]});
        inputs = Collections.singletonMap(OnnxMlpModel.INPUT, input);
        System.out.println("[bench] ONNX Runtime " + env.getVersion() + ": model of " + model.length
                + " bytes, intra-op threads 1, inter-op threads 1, ALL_OPT; inputs " + session.getInputNames()
                + ", outputs " + session.getOutputNames());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        if (input != null) {
            input.close();
        }
        if (session != null) {
            session.close();
        }
    }

    @Benchmark
    public float[] vecnet() {
        return context.forward(x, 0, 1);
    }

    @Benchmark
    public FloatBuffer onnxruntime() throws OrtException {
        try (OrtSession.Result result = session.run(inputs)) {
            OnnxValue y = result.get(0);
            return ((OnnxTensor) y).getFloatBuffer();
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
    static void check(String what, float[] got, double[] reference) {
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
        System.out.printf(Locale.ROOT, "[bench] check %s: %d scores match the double reference (max relative error %.1e)%n",
                what, reference.length, worst);
    }
}
