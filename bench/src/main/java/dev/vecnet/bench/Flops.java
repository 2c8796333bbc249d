package dev.vecnet.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH auxiliary counter of floating-point work: each benchmark invocation adds its product's
 * {@code 2 m n k / 1e9}, so in throughput mode JMH reports it next to the primary result as
 * {@code <method>:gflop ... ops/s}, which reads as GFLOP/s (giga floating-point operations per second).
 * It is the primary ops/s times the GFLOP of one product; the primary result is unaffected.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Flops {
    /** GFLOP done so far in this iteration. */
    public double gflop;

    /** JMH does not reset auxiliary counters itself. */
    @Setup(Level.Iteration)
    public void reset() {
        gflop = 0;
    }

    /** GFLOP of one {@code m x n x k} product: {@code 2 m n k} multiply-adds counted as two operations. */
    static double of(int m, int n, int k) {
        return 2.0 * m * n * k / 1e9;
    }
}
