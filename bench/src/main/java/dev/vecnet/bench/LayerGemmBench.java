package dev.vecnet.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.vecnet.kernel.Epilogue;
import dev.vecnet.kernel.Gemm;
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
 * The three products of each layer of an MLP 784-256-128-10 at batch 64 ({@link Mlp}), on one thread,
 * vecnet against OpenBLAS. For a layer with {@code W[out][in]}, input {@code X[64][in]} and output
 * gradient {@code dY[64][out]}:
 * <ul>
 *   <li>{@code fcN.forward}: {@code Y[64][out] = X W^T} (transB; m=64, n=out, k=in);</li>
 *   <li>{@code fcN.dX}: {@code dX[64][in] = dY W} (no transposes; m=64, n=in, k=out);</li>
 *   <li>{@code fcN.dW}: {@code dW[out][in] = dY^T X} (transA; m=out, n=in, k=64).</li>
 * </ul>
 * Plain products (alpha 1, beta 0, no bias or activation); {@link FusedLayerBench} times the fused
 * forward pass. One operation is one product of {@code 2 m n k} flops, which the {@code :gflop} secondary
 * result reports per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class LayerGemmBench {
    @Param({"fc1.forward", "fc1.dX", "fc1.dW",
            "fc2.forward", "fc2.dX", "fc2.dW",
            "fc3.forward", "fc3.dX", "fc3.dW"})
    public String product;

    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private int lda;
    private float[] b;
    private int ldb;
    private float[] c;
    private BLAS blas;
    private double gflopPerOp;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.checkVecnet();
        blas = BenchSupport.openBlas();
        int dot = product.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("product must be fcN.forward, fcN.dX or fcN.dW, was " + product);
        }
        String layer = product.substring(0, dot);
        int in = Mlp.in(layer);
        int out = Mlp.out(layer);
        int batch = Mlp.BATCH;
        float[] x = BenchSupport.random(batch * in, 11);     // X[batch][in]
        float[] w = BenchSupport.random(out * in, 12);       // W[out][in]
        float[] dy = BenchSupport.random(batch * out, 13);   // dY[batch][out]
        switch (product.substring(dot + 1)) {
            case "forward":   // Y = X W^T
                set(false, true, batch, out, in, x, in, w, in);
                break;
            case "dX":        // dX = dY W
                set(false, false, batch, in, out, dy, out, w, in);
                break;
            case "dW":        // dW = dY^T X
                set(true, false, out, in, batch, dy, out, x, in);
                break;
            default:
                throw new IllegalArgumentException("product must be fcN.forward, fcN.dX or fcN.dW, was " + product);
        }
        c = new float[m * n];
        gflopPerOp = Flops.of(m, n, k);

        float[] fromVecnet = vecnet(new Flops()).clone();
        float[] fromBlas = openblas(new Flops()).clone();
        BenchSupport.check("LayerGemmBench " + product, transA, transB, m, n, k, a, lda, b, ldb, null,
                Epilogue.IDENTITY, "vecnet", fromVecnet, "openblas", fromBlas, n);
    }

    private void set(boolean transA, boolean transB, int m, int n, int k, float[] a, int lda, float[] b, int ldb) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.lda = lda;
        this.b = b;
        this.ldb = ldb;
    }

    @Benchmark
    public float[] vecnet(Flops flops) {
        Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        flops.gflop += gflopPerOp;
        return c;
    }

    /** The same row-major product on column-major BLAS: see {@link BenchSupport#sgemmRowMajor}. */
    @Benchmark
    public float[] openblas(Flops flops) {
        BenchSupport.sgemmRowMajor(blas, transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);
        flops.gflop += gflopPerOp;
        return c;
    }
}
