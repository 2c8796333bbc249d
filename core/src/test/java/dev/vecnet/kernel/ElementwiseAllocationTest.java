package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Backs the promise that no {@link Elementwise} method allocates: once the JIT has compiled a kernel
 * (the vector API allocates until C2 has compiled the loop), a batch of calls allocates zero bytes on
 * the calling thread. Each kernel gets a number of warm-up rounds; it passes at its first round that
 * allocates nothing.
 */
class ElementwiseAllocationTest {
    /** A kernel passes at its first round without allocation, given at least this many rounds ... */
    private static final int ROUNDS = 60;
    /** ... and at least this long: C2 compiles in the background, slowly on a loaded machine. */
    private static final long WARM_UP_NANOS = 4_000_000_000L;
    private static final int CALLS_PER_ROUND = 300;

    @Test
    void warmedUpKernelsAllocateNothing() {
        var threads = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        var counter = (com.sun.management.ThreadMXBean) threads;
        Assumptions.assumeTrue(counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled(),
                "no allocation counter");

        int lanes = ElementwiseTestSupport.lanes();
        int n = 3 * lanes + 5;
        int rows = 4;
        int cols = 2 * lanes + 3;
        float[] x = ElementwiseTestSupport.uniform(new java.util.SplittableRandom(1), rows * cols * 4, -2, 2);
        float[] y = new float[rows * cols * 4];
        float[] z = new float[rows * cols * 4];
        float[] w = ElementwiseTestSupport.uniform(new java.util.SplittableRandom(2), rows * cols * 4, 0.5, 1.5);
        float[] c1 = ElementwiseTestSupport.uniform(new java.util.SplittableRandom(3), cols, 0.5, 1.5);
        float[] c2 = new float[cols];
        float[] c3 = new float[cols];
        int[] argmax = new int[rows * cols];

        Map<String, Runnable> ops = new LinkedHashMap<>();
        ops.put("relu", () -> Elementwise.relu(n, x, 0, y, 0));
        ops.put("reluBackward", () -> Elementwise.reluBackward(n, x, 0, w, 0, z, 0));
        ops.put("leakyRelu", () -> Elementwise.leakyRelu(n, 0.1f, x, 0, y, 0));
        ops.put("leakyReluBackward", () -> Elementwise.leakyReluBackward(n, 0.1f, x, 0, w, 0, z, 0));
        ops.put("elu", () -> Elementwise.elu(n, 1f, x, 0, y, 0));
        ops.put("eluBackward", () -> Elementwise.eluBackward(n, 1f, x, 0, y, 0, w, 0, z, 0));
        ops.put("sigmoid", () -> Elementwise.sigmoid(n, x, 0, y, 0));
        ops.put("sigmoidBackward", () -> Elementwise.sigmoidBackward(n, y, 0, w, 0, z, 0));
        ops.put("tanh", () -> Elementwise.tanh(n, x, 0, y, 0));
        ops.put("tanhBackward", () -> Elementwise.tanhBackward(n, y, 0, w, 0, z, 0));
        ops.put("exp", () -> Elementwise.exp(n, x, 0, y, 0));
        ops.put("prelu", () -> Elementwise.prelu(rows, cols, x, 0, cols, c1, 0, true, y, 0, cols));
        ops.put("preluBackward", () -> Elementwise.preluBackward(rows, cols, x, 0, cols, c1, 0, true, w, 0, cols,
                z, 0, cols, c2, 0));
        ops.put("preluBackwardSingle", () -> Elementwise.preluBackward(rows, cols, x, 0, cols, c1, 0, false, w, 0,
                cols, z, 0, cols, c2, 0));
        ops.put("maxout", () -> Elementwise.maxout(rows, cols, 3, x, 0, 3 * cols, y, 0, cols, argmax, 0));
        ops.put("maxoutBackward", () -> Elementwise.maxoutBackward(rows, cols, 3, argmax, 0, w, 0, cols, z, 0,
                3 * cols));
        ops.put("softmaxRows", () -> Elementwise.softmaxRows(rows, cols, x, 0, cols, y, 0, cols));
        ops.put("logSoftmaxRows", () -> Elementwise.logSoftmaxRows(rows, cols, x, 0, cols, y, 0, cols));
        ops.put("columnSums", () -> Elementwise.columnSums(rows, cols, x, 0, cols, c2, 0));
        ops.put("columnMeanVariance", () -> Elementwise.columnMeanVariance(rows, cols, x, 0, cols, c2, 0, c3, 0));
        ops.put("batchNormForward", () -> Elementwise.batchNormForward(rows, cols, x, 0, cols, c2, 0, c1, 0, c1, 0,
                c2, 0, y, 0, cols, z, 0, cols));
        ops.put("batchNormBackward", () -> Elementwise.batchNormBackward(rows, cols, w, 0, cols, x, 0, cols, c1, 0,
                c1, 0, z, 0, cols, c2, 0, c3, 0));
        ops.put("dropout", () -> Elementwise.dropout(n, 0.3f, 5L, 7L, x, 0, y, 0, z, 0));
        ops.put("multiply", () -> Elementwise.multiply(n, x, 0, w, 0, z, 0));
        ops.put("scale", () -> Elementwise.scale(n, 1f, z, 0));
        ops.put("axpy", () -> Elementwise.axpy(n, 0.5f, x, 0, z, 0));
        ops.put("allFinite", () -> Elementwise.allFinite(n, x, 0));
        ops.put("sumOfSquares", () -> Elementwise.sumOfSquares(n, x, 0));
        ops.put("sumOfSquaresAxpy", () -> Elementwise.sumOfSquaresAxpy(n, 0.5f, x, 0, z, 0));

        StringBuilder failures = new StringBuilder();
        for (Map.Entry<String, Runnable> op : ops.entrySet()) {
            long bytes = -1;
            long deadline = System.nanoTime() + WARM_UP_NANOS;
            for (int round = 0; bytes != 0 && (round < ROUNDS || System.nanoTime() < deadline); round++) {
                Runnable call = op.getValue();
                long before = counter.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < CALLS_PER_ROUND; i++) {
                    call.run();
                }
                bytes = counter.getCurrentThreadAllocatedBytes() - before;
            }
            if (bytes != 0) {
                failures.append(op.getKey()).append(": ").append(bytes / CALLS_PER_ROUND).append(" bytes per call; ");
            }
        }
        if (failures.length() > 0) {
            fail("still allocating after " + ROUNDS + " rounds of " + CALLS_PER_ROUND + " calls and "
                    + WARM_UP_NANOS / 1_000_000_000L + " s (" + Kernels.describe()
                    + "): " + failures);
        }
    }
}
