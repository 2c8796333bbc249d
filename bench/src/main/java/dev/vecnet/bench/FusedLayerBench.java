package dev.vecnet.bench;

import dev.ludovic.netlib.blas.BLAS;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 *       the bias and applies {@code v < 0 ? 0 : v}, which is what a BLAS user writes;</li>
 *   <li>{@code kVectorisedSketch}: not vecnet's code but the alternative design it declines, measured to
 *       show what it would buy: each output a dot product vectorised along K (plain {@code X} and
 *       {@code W} rows), 4 rows x 2 outputs per block, lanes summed with {@code reduceLanes} (whose order
 *       the Vector API leaves unspecified, so results are not reproducible across paths or JDKs).</li>
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

        if (batch % 4 != 0 || out % 2 != 0 || in % SKETCH.length() != 0) {
            throw new IllegalStateException("kVectorisedSketch needs batch % 4, out % 2 and in % lanes to be 0");
        }
        float[] fused = fusedForward(new Flops()).clone();
        float[] sketch = kVectorisedSketch(new Flops()).clone();
        BenchSupport.check("FusedLayerBench " + layer, false, true, batch, out, in, x, in, w, in, bias, Epilogue.RELU,
                "fusedForward", fused, "kVectorisedSketch", sketch, out);
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

    private static final VectorSpecies<Float> SKETCH = FloatVector.SPECIES_PREFERRED;

    /** See the class comment: 4 rows x 2 outputs of dot products along K, then bias and ReLU. */
    @Benchmark
    public float[] kVectorisedSketch(Flops flops) {
        int lanes = SKETCH.length();
        for (int i = 0; i < batch; i += 4) {
            int x0 = i * in;
            for (int j = 0; j < out; j += 2) {
                int w0 = j * in;
                FloatVector s00 = FloatVector.zero(SKETCH);
                FloatVector s01 = s00;
                FloatVector s10 = s00;
                FloatVector s11 = s00;
                FloatVector s20 = s00;
                FloatVector s21 = s00;
                FloatVector s30 = s00;
                FloatVector s31 = s00;
                for (int p = 0; p < in; p += lanes) {
                    FloatVector b0 = FloatVector.fromArray(SKETCH, w, w0 + p);
                    FloatVector b1 = FloatVector.fromArray(SKETCH, w, w0 + in + p);
                    FloatVector a = FloatVector.fromArray(SKETCH, x, x0 + p);
                    s00 = a.fma(b0, s00);
                    s01 = a.fma(b1, s01);
                    a = FloatVector.fromArray(SKETCH, x, x0 + in + p);
                    s10 = a.fma(b0, s10);
                    s11 = a.fma(b1, s11);
                    a = FloatVector.fromArray(SKETCH, x, x0 + 2 * in + p);
                    s20 = a.fma(b0, s20);
                    s21 = a.fma(b1, s21);
                    a = FloatVector.fromArray(SKETCH, x, x0 + 3 * in + p);
                    s30 = a.fma(b0, s30);
                    s31 = a.fma(b1, s31);
                }
                float c0 = bias[j];
                float c1 = bias[j + 1];
                int y0 = i * out + j;
                y[y0] = Math.max(0f, s00.reduceLanes(VectorOperators.ADD) + c0);
                y[y0 + 1] = Math.max(0f, s01.reduceLanes(VectorOperators.ADD) + c1);
                y[y0 + out] = Math.max(0f, s10.reduceLanes(VectorOperators.ADD) + c0);
                y[y0 + out + 1] = Math.max(0f, s11.reduceLanes(VectorOperators.ADD) + c1);
                y[y0 + 2 * out] = Math.max(0f, s20.reduceLanes(VectorOperators.ADD) + c0);
                y[y0 + 2 * out + 1] = Math.max(0f, s21.reduceLanes(VectorOperators.ADD) + c1);
                y[y0 + 3 * out] = Math.max(0f, s30.reduceLanes(VectorOperators.ADD) + c0);
                y[y0 + 3 * out + 1] = Math.max(0f, s31.reduceLanes(VectorOperators.ADD) + c1);
            }
        }
        flops.gflop += gflopPerOp;
        return y;
    }
}
