package dev.vecnet.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.vecnet.kernel.Epilogue;
import dev.vecnet.kernel.Gemm;
import dev.vecnet.kernel.PackedMatrix;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A whole dense layer's forward pass {@code Y[64][out] = relu(X[64][in] W^T + bias)} for the three layers
 * of the MLP 784-256-128-10 at batch 64 ({@link Mlp}), on one thread:
 * <ul>
 *   <li>{@code fusedForward}: vecnet with {@code W^T} packed once in setup ({@code PackedMatrix.pack(true,
 *       in, out, w, 0, in)}, so packing is not timed: the inference steady state) and bias + ReLU fused
 *       into the GEMM epilogue;</li>
 *   <li>{@code openblasThenBiasRelu}: OpenBLAS {@code sgemm} followed by a separate plain-Java pass that adds
 *       the bias and applies {@code v < 0 ? 0 : v}, which is what a BLAS user writes.</li>
 * </ul>
 * One operation is one layer; the {@code :gflop} secondary result counts only the product's
 * {@code 2 * 64 * out * in} flops.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class FusedLayerBench {
    @Param({"fc1", "fc2", "fc3"})
    public String layer;

    private int batch;
    private int in;
    private int out;
    private float[] x;
    private float[] w;
    private float[] bias;
    private PackedMatrix wT;
    private float[] y;
    private BLAS blas;
    private double gflopPerOp;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.checkVecnet();
        blas = BenchSupport.openBlas();
        batch = Mlp.BATCH;
        in = Mlp.in(layer);
        out = Mlp.out(layer);
        x = BenchSupport.random(batch * in, 21);
        w = BenchSupport.random(out * in, 22);
        bias = BenchSupport.random(out, 23);
        wT = PackedMatrix.pack(true, in, out, w, 0, in);
        y = new float[batch * out];
        gflopPerOp = Flops.of(batch, out, in);

        float[] fused = fusedForward(new Flops()).clone();
        float[] separate = openblasThenBiasRelu(new Flops()).clone();
        BenchSupport.check("FusedLayerBench " + layer, false, true, batch, out, in, x, in, w, in, bias, Epilogue.RELU,
                "fusedForward", fused, "openblasThenBiasRelu", separate, out);
    }

    @Benchmark
    public float[] fusedForward(Flops flops) {
        Gemm.sgemm(false, batch, 1f, x, 0, in, wT, 0f, y, 0, out, bias, 0, Epilogue.RELU, 0f, null);
        flops.gflop += gflopPerOp;
        return y;
    }

    /** Row-major Y = X W^T on column-major BLAS is Y^T = W X^T: sgemm("T", "N", out, batch, in, ...). */
    @Benchmark
    public float[] openblasThenBiasRelu(Flops flops) {
        blas.sgemm("T", "N", out, batch, in, 1f, w, in, x, in, 0f, y, out);
        BenchSupport.biasRelu(batch, out, y, out, bias);
        flops.gflop += gflopPerOp;
        return y;
    }
}
