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
import org.openjdk.jmh.annotations.Warmup;

import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a service sees: the latency distribution of one batch-1 prediction (JMH {@code SampleTime}: p50,
 * p99, p99.9 and max per benchmark) on the workloads of {@link MlpModel}, with one or more threads
 * predicting at once over the same weights, vecnet against ONNX Runtime.
 *
 * <p>Threads are JMH's own ({@code -t 1}, {@code -t 2}; default 1): JMH cannot take the thread count as a
 * {@code @Param}. The weights are one {@link Model} shared by all threads ({@code Scope.Benchmark}); each
 * thread has its own {@link Caller} ({@code Scope.Thread}) with its {@link InferenceContext} (vecnet's
 * documented way to serve from several threads) and its own input tensor for ONNX Runtime, whose
 * {@code OrtSession.run} is safe to call concurrently on one session (one intra-op thread, so each call
 * stays on its caller's thread as vecnet's does).
 *
 * <p>Run with {@code -prof gc}: vecnet allocates nothing per prediction, so its tail should show no
 * collector pauses; ONNX Runtime's Java binding allocates about 800 bytes per call.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class InferenceLatencyBench {

    /** The shared weights: one vecnet network and one ONNX Runtime session, checked against the reference. */
    @State(Scope.Benchmark)
    public static class Model {
        @Param({"W2", "W2b"})
        public String workload;

        MlpModel mlp;
        Network net;
        OrtEnvironment env;
        OrtSession session;

        @Setup(Level.Trial)
        public void setUp() throws OrtException {
            BenchSupport.checkVecnet();
            mlp = MlpModel.named(workload);
            net = mlp.vecnetNetwork(1);
            mlp.check("vecnet", net.newInferenceContext(1).forward(mlp.x, 0, 1));
            env = OrtEnvironment.getEnvironment();
            session = mlp.onnxSession(env, 1);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            if (session != null) {
                session.close();
            }
        }
    }

    /** One serving thread: its inference context, its input row and its ONNX input tensor. */
    @State(Scope.Thread)
    public static class Caller {
        InferenceContext context;
        float[] x;
        OnnxTensor input;
        Map<String, OnnxTensor> inputs;

        @Setup(Level.Trial)
        public void setUp(Model model) throws OrtException {
            context = model.net.newInferenceContext(1);
            x = model.mlp.x.clone();
            input = OnnxTensor.createTensor(model.env, FloatBuffer.wrap(x.clone()), new long[] {1, x.length});
            inputs = Collections.singletonMap(OnnxMlpModel.INPUT, input);
            float[] ort = new float[model.mlp.outputs()];
            try (OrtSession.Result result = model.session.run(inputs)) {
                ((OnnxTensor) result.get(0)).getFloatBuffer().get(ort);
            }
            model.mlp.check("onnxruntime (this thread)", ort);
            model.mlp.check("vecnet (this thread's context)", context.forward(x, 0, 1));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (input != null) {
                input.close();
            }
        }
    }

    @Benchmark
    public float[] vecnet(Caller caller) {
        return caller.context.forward(caller.x, 0, 1);
    }

    @Benchmark
    public FloatBuffer onnxruntime(Model model, Caller caller) throws OrtException {
        try (OrtSession.Result result = model.session.run(caller.inputs)) {
            OnnxValue y = result.get(0);
            return ((OnnxTensor) y).getFloatBuffer();
        }
    }
}
