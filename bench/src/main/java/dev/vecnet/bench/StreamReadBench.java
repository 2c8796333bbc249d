package dev.vecnet.bench;

import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under batch-1 inference: the time to read a network's weights once, as a vectorised sum
 * over a float array of the same size that stays cache-resident between calls. A batch-1 forward pass
 * must read every weight once, so it cannot be faster than this on one core.
 *
 * <p>{@code floats}: 28,672 = W2's packed weights (64x128 + 128x128 + 128x32, the last layer padded to
 * one 32-column micro-panel); 237,568 = W2b's (784x256 + 256x128 + 128x32).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StreamReadBench {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Param({"28672", "237568"})
    public int floats;

    private float[] data;

    @Setup
    public void setUp() {
        data = new float[floats];
        for (int i = 0; i < floats; i++) {
            data[i] = i % 7;
        }
    }

    /** Sums the array with four independent vector accumulators (load-bound, not add-latency-bound). */
    @Benchmark
    public float readOnce() {
        int lanes = S.length();
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (; i + 4 * lanes <= floats; i += 4 * lanes) {
            s0 = s0.add(FloatVector.fromArray(S, data, i));
            s1 = s1.add(FloatVector.fromArray(S, data, i + lanes));
            s2 = s2.add(FloatVector.fromArray(S, data, i + 2 * lanes));
            s3 = s3.add(FloatVector.fromArray(S, data, i + 3 * lanes));
        }
        float tail = 0;
        for (; i < floats; i++) {
            tail += data[i];
        }
        return s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD) + tail;
    }
}
