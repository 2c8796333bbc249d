package dev.vecnet.bench;

import dev.vecnet.kernel.Epilogue;
import dev.vecnet.kernel.Gemm;
import dev.vecnet.kernel.WorkerTeam;
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

import java.util.concurrent.TimeUnit;

/**
 * vecnet's multi-threaded SGEMM: one square row-major product {@code C = A B} (n = 1024 by default) split
 * across a {@link WorkerTeam} team of {@code threads} (the calling JMH thread plus {@code threads - 1}
 * workers), through the fused overload with no bias and {@link Epilogue#IDENTITY}. The team is created
 * once per trial, so thread start-up is not timed; {@code threads=1} runs on the calling thread.
 *
 * <p>One operation is one product, {@code 2 n^3} flops; the {@code :gflop} secondary result is the GFLOP/s
 * of the whole team. Scaling is only meaningful with at least {@code threads} otherwise idle cores.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class GemmThreadsBench {
    @Param({"1024"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private float[] a;
    private float[] b;
    private float[] c;
    private WorkerTeam team;
    private double gflopPerOp;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.checkVecnet();
        System.out.println("[bench] available processors: " + Runtime.getRuntime().availableProcessors());
        team = new WorkerTeam(threads);
        a = BenchSupport.random(n * n, 31);
        b = BenchSupport.random(n * n, 32);
        c = new float[n * n];
        gflopPerOp = Flops.of(n, n, n);

        float[] single = new float[n * n];
        Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, single, 0, n);
        float[] split = vecnet(new Flops()).clone();
        BenchSupport.check("GemmThreadsBench n=" + n + " threads=" + threads, false, false, n, n, n, a, n, b, n, null,
                Epilogue.IDENTITY, "vecnet(" + threads + " threads)", split, "vecnet(no team)", single, n);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (team != null) {
            team.close();
            team = null;
        }
    }

    @Benchmark
    public float[] vecnet(Flops flops) {
        Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n, null, 0, Epilogue.IDENTITY, 0f, team);
        flops.gflop += gflopPerOp;
        return c;
    }
}
