package dev.vecnet.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Network;
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
import java.util.concurrent.TimeUnit;

/**
 * End-to-end inference latency of one example (batch 1) through a small MLP, vecnet against ONNX Runtime,
 * on one thread, with the same weights and the same input row:
 * the workloads of {@link MlpModel} ({@code W2} 64-128-128-8, {@code W2b} 784-256-128-10). The mean time
 * per prediction; {@link InferenceLatencyBench} measures the latency distribution under concurrency.
 *
 * <p>{@code vecnet}: {@code InferenceContext.forward(x, 0, 1)} on {@link MlpModel#vecnetNetwork}; it
 * returns the context's live score buffer.
 *
 * <p>{@code onnxruntime}: {@code OrtSession.run} on {@link MlpModel#onnxSession} (one intra-op thread);
 * the input {@code OnnxTensor} and the input map are created once in setup, and each call copies the
 * output out ({@code getFloatBuffer()}) and closes the {@code OrtSession.Result}, as a caller must.
 *
 * <p>Setup refuses to run (throws) unless both libraries' scores match the double-precision forward pass
 * within {@link MlpModel#TOLERANCE} relative to the largest score magnitude.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class InferenceBench {
    @Param({"W2", "W2b"})
    public String workload;

    private float[] x;

    private InferenceContext context;

    private OrtEnvironment env;
    private OrtSession session;
    private OnnxTensor input;
    private Map<String, OnnxTensor> inputs;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        BenchSupport.checkVecnet();
        MlpModel model = MlpModel.named(workload);
        x = model.x;
        System.out.printf(Locale.ROOT, "[bench] InferenceBench %s: MLP %s, double-precision scores %s%n", workload,
                Arrays.toString(model.sizes), Arrays.toString(model.reference));

        Network net = model.vecnetNetwork(1);
        System.out.println("[bench] vecnet network: " + net.architecture() + ", layers as run: " + net.layers().size());
        context = net.newInferenceContext(1);
        model.check("vecnet", vecnet());

        env = OrtEnvironment.getEnvironment();
        session = model.onnxSession(env, 1);
        input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.clone()), new long[] {1, model.sizes[0]});
        inputs = Collections.singletonMap(OnnxMlpModel.INPUT, input);
        float[] ort = new float[model.outputs()];
        onnxruntime().get(ort);
        model.check("onnxruntime", ort);
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
}
