package dev.vecnet.bench;

import dev.vecnet.kernel.Elementwise;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The L2 term's work per training step on its own, so that its share of a step can be read without the step's
 * noise: over the {@code weights} decayed weights of a network (234,752 for 784-256-128-10, W1; 2,107,392 for
 * W4), in chunks of 4,096 as the library's L2 term cuts them, {@code g += lambda w} and the penalty's
 * {@code sum w^2} in double. Average time per step's worth, microseconds.
 *
 * <ul>
 *   <li>{@code fused}: {@link Elementwise#sumOfSquaresAxpy} per chunk, the library's path (one pass, sixteen
 *       vectorised partial sums).</li>
 *   <li>{@code separate}: {@link Elementwise#axpy} per chunk, then the sum in four scalar double chains, the
 *       library's path before the fused kernel (kept here as the baseline).</li>
 * </ul>
 * Divide by {@code FitBench.step} of the same run for the share of a step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class WeightDecayBench {
    /** Weights per chunk, as the library's L2 term. */
    private static final int CHUNK = 4096;
    private static final float LAMBDA = 1e-3f;

    @Param({"234752", "2107392"})
    public int weights;

    private float[] w;
    private float[] g;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.checkVecnet();
        w = BenchSupport.random(weights, 41);
        g = BenchSupport.random(weights, 42);
        double fused = fused();
        double separate = separate();
        // The two sum in different orders: they agree to double rounding, not to the bit.
        if (Math.abs(fused - separate) > 1e-9 * fused) {
            throw new IllegalStateException("WeightDecayBench: sums differ: " + fused + " vs " + separate);
        }
    }

    @Benchmark
    public double fused() {
        double sum = 0;
        for (int from = 0; from < weights; from += CHUNK) {
            int size = Math.min(CHUNK, weights - from);
            sum += Elementwise.sumOfSquaresAxpy(size, LAMBDA, w, from, g, from);
        }
        return sum;
    }

    @Benchmark
    public double separate() {
        double sum = 0;
        for (int from = 0; from < weights; from += CHUNK) {
            int end = Math.min(weights, from + CHUNK);
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = from;
            for (; i + 3 < end; i += 4) {
                s0 += (double) w[i] * w[i];
                s1 += (double) w[i + 1] * w[i + 1];
                s2 += (double) w[i + 2] * w[i + 2];
                s3 += (double) w[i + 3] * w[i + 3];
            }
            for (; i < end; i++) {
                s0 += (double) w[i] * w[i];
            }
            Elementwise.axpy(end - from, LAMBDA, w, from, g, from);
            sum += (s0 + s1) + (s2 + s3);
        }
        return sum;
    }
}
