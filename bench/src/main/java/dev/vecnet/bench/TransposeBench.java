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

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The transposing copy the GEMM packs transposed operands with, through the public
 * {@link Elementwise#transpose}, against the plain element-by-element loop a user would write. Shapes
 * from the W1 training step ({@code 64 x 784}: a batch of inputs; {@code 256 x 64}: a layer's output
 * gradient) and W4's {@code 1024 x 1024} weight matrix. Average time per transpose.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TransposeBench {
    @Param({"64x784", "256x64", "1024x1024"})
    public String shape;

    private int rows;
    private int cols;
    private float[] src;
    private float[] dst;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.checkVecnet();
        String[] parts = shape.split("x");
        rows = Integer.parseInt(parts[0]);
        cols = Integer.parseInt(parts[1]);
        src = BenchSupport.random(rows * cols, 31);
        dst = new float[rows * cols];
        float[] expected = elementLoop().clone();
        if (!Arrays.equals(expected, vecnet())) {
            throw new IllegalStateException("TransposeBench " + shape + ": Elementwise.transpose differs from the loop");
        }
    }

    @Benchmark
    public float[] vecnet() {
        Elementwise.transpose(rows, cols, src, 0, cols, dst, 0, rows);
        return dst;
    }

    @Benchmark
    public float[] elementLoop() {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = src[r * cols + c];
            }
        }
        return dst;
    }
}
