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
 * Square single-precision matrix multiply on one thread, row-major {@code C = A B} (n x n, no transposes,
 * alpha 1, beta 0): vecnet's {@code Gemm.sgemm} against OpenBLAS's {@code sgemm} through netlib's JNI
 * binding.
 *
 * <p>One operation is one product: {@code 2 n^3} floating-point operations, so GFLOP/s = ops/s x
 * {@code 2 n^3 / 1e9}; the {@code :gflop} secondary result reports exactly that.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class GemmBench {
    @Param({"64", "128", "256", "512", "1024"})
    public int n;

    private float[] a;
    private float[] b;
    private float[] c;
    private BLAS blas;
    private double gflopPerOp;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.checkVecnet();
        blas = BenchSupport.openBlas();
        a = BenchSupport.random(n * n, 1);
        b = BenchSupport.random(n * n, 2);
        c = new float[n * n];
        gflopPerOp = Flops.of(n, n, n);

        float[] fromVecnet = vecnet(new Flops()).clone();
        float[] fromBlas = openblas(new Flops()).clone();
        BenchSupport.check("GemmBench n=" + n, false, false, n, n, n, a, n, b, n, null, Epilogue.IDENTITY,
                "vecnet", fromVecnet, "openblas", fromBlas, n);
    }

    @Benchmark
    public float[] vecnet(Flops flops) {
        Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        flops.gflop += gflopPerOp;
        return c;
    }

    /** Column-major BLAS computes the row-major C = A B as C^T = B^T A^T: B first, then A. */
    @Benchmark
    public float[] openblas(Flops flops) {
        blas.sgemm("N", "N", n, n, n, 1f, b, n, a, n, 0f, c, n);
        flops.gflop += gflopPerOp;
        return c;
    }
}
