package dev.vecnet.bench;

import dev.vecnet.kernel.Elementwise;
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
 * The two costs the scaling of a threaded training step is made of, in nanoseconds:
 * <ul>
 *   <li>{@code handOff}: one parallel region of a {@link WorkerTeam} team of {@code threads} with an empty
 *       task per part: waking the spinning workers, running part 0, waiting for the others. A training
 *       step of W1 has about a dozen such regions;</li>
 *   <li>{@code reduce}: adding one gradient buffer of W1's size (235,146 floats) into another
 *       ({@code Elementwise.axpy}), the per-replica cost a data-parallel reduction would pay per step,
 *       divided by the size for a cost per parameter.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class HandOffBench {
    /** W1's parameter count: 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10. */
    static final int W1_PARAMETERS = 235_146;

    @Param({"2"})
    public int threads;

    private WorkerTeam team;
    private final int[] touched = new int[64];
    private final WorkerTeam.Range empty = (part, from, to) -> touched[part * 16]++;
    private float[] gradient;
    private float[] sum;

    @Setup(Level.Trial)
    public void setUp() {
        team = new WorkerTeam(threads);
        gradient = BenchSupport.random(W1_PARAMETERS, 3);
        sum = BenchSupport.random(W1_PARAMETERS, 4);
    }

    /** Stops the team's workers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        team.close();
    }

    @Benchmark
    public int handOff() {
        team.forEachRange(threads, 1, 1, empty);
        return touched[0];
    }

    @Benchmark
    public float[] reduce() {
        Elementwise.axpy(W1_PARAMETERS, 1f, gradient, 0, sum, 0);
        return sum;
    }
}
