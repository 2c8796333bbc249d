package dev.vecnet.bench;

import dev.vecnet.kernel.WorkerTeam;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Batch inference: the scores of {@code rows} examples (10,000 by default) of {@link MlpModel}'s
 * {@code W2b} network (784-256-128-10) in one {@link InferenceContext#forward} call, in milliseconds per
 * call. With {@code threads > 1} the context splits the rows across a {@link WorkerTeam} team created once
 * per trial (each thread runs its own replica over a contiguous share of the rows); {@code threads = 1}
 * runs on the calling thread. Setup checks that the split scores have the bits of the single-threaded
 * ones.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class BatchInferenceBench {
    @Param({"10000"})
    public int rows;

    @Param({"1", "2"})
    public int threads;

    private WorkerTeam team;
    private InferenceContext ctx;
    private float[] x;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.checkVecnet();
        MlpModel model = MlpModel.named("W2b");
        Network net = model.vecnetNetwork(64);
        x = new float[rows * net.inputSize()];
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        team = threads > 1 ? new WorkerTeam(threads) : null;
        ctx = net.newInferenceContext(rows, team);
        float[] split = ctx.forward(x, 0, rows).clone();
        float[] single = net.newInferenceContext(rows).forward(x, 0, rows);
        for (int i = 0; i < rows * net.outputSize(); i++) {
            if (Float.floatToRawIntBits(split[i]) != Float.floatToRawIntBits(single[i])) {
                throw new IllegalStateException("score " + i + " on " + threads + " threads is " + split[i]
                        + ", on one thread " + single[i]);
            }
        }
    }

    /** Stops the team's workers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (team != null) {
            team.close();
        }
    }

    @Benchmark
    public float[] forward() {
        return ctx.forward(x, 0, rows);
    }
}
