package dev.vecnet.bench;

import dev.vecnet.format.ModelFile;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Network;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a service sees in its first second: from JVM start, load a model file and predict one example
 * (W2b's 784-256-128-10 network, {@link MlpModel}) {@value #CALLS} times, timing each call. Run by
 * {@code bench/coldstart}, one fresh JVM per measurement; not a JMH benchmark, since JMH's warm-up is
 * exactly what this measures.
 *
 * <pre>
 *   java -cp benchmarks.jar dev.vecnet.bench.ColdStart make MODEL.safetensors
 *   java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.vecnet.bench.ColdStart run MODEL.safetensors [warmup]
 * </pre>
 *
 * <p>{@code run} prints one line of {@code key=value} pairs: {@code first_ms} (JVM start to the end of
 * the first prediction, after the warm-up if asked for), {@code warmup_ms} and {@code warmup_passes},
 * the latencies of calls 1, 10, 100 and 1000 in microseconds, {@code steady_us} (the median of the last
 * 5,000 calls) and {@code settled_after}: the first call from which the median of every following window
 * of 100 calls stays within 1.2x of steady.
 */
public final class ColdStart {
    static final int CALLS = 20_000;
    private static final int WINDOW = 100;

    private ColdStart() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("make")) {
            ModelFile.save(Path.of(args[1]), MlpModel.named("W2b").vecnetNetwork(1));
            return;
        }
        if (args.length < 2 || !args[0].equals("run")) {
            throw new IllegalArgumentException("usage: ColdStart make FILE | ColdStart run FILE [warmup]");
        }
        Instant start = ProcessHandle.current().info().startInstant().orElseThrow();
        // The input first: building it regenerates the workload's weights, which would flush the caches.
        float[] x = MlpModel.named("W2b").x;
        // Allocated before the model and the warm-up: zeroing 160 KB between the warm-up and the first call would
        // evict part of the weights from L2 and charge that to the first call, which a service does not do.
        long[] nanos = new long[CALLS];
        Network net = ModelFile.load(Path.of(args[1])).network();
        InferenceContext context = net.newInferenceContext(64);
        long warmupNanos = 0;
        long passes = 0;
        if (args.length > 2 && args[2].equals("warmup")) {
            long t = System.nanoTime();
            passes = context.warmUp();
            warmupNanos = System.nanoTime() - t;
        }
        float sink = 0;
        long firstDone = 0;
        for (int i = 0; i < CALLS; i++) {
            long t = System.nanoTime();
            sink += context.forward(x, 0, 1)[0];
            nanos[i] = System.nanoTime() - t;
            if (i == 0) {
                firstDone = System.currentTimeMillis();
            }
        }
        long[] tail = Arrays.copyOfRange(nanos, CALLS - 5_000, CALLS);
        Arrays.sort(tail);
        double steady = tail[tail.length / 2];
        System.out.printf(Locale.ROOT,
                "first_ms=%d warmup_ms=%.0f warmup_passes=%d call1_us=%.1f call10_us=%.1f call100_us=%.1f "
                        + "call1000_us=%.1f steady_us=%.2f settled_after=%d checksum=%s%n",
                firstDone - start.toEpochMilli(), warmupNanos / 1e6, passes, nanos[0] / 1e3, nanos[9] / 1e3,
                nanos[99] / 1e3, nanos[999] / 1e3, steady / 1e3, settledAfter(nanos, steady), sink);
    }

    /** The first call index (1-based) from which every window's median stays within 1.2x of steady. */
    static int settledAfter(long[] nanos, double steady) {
        int settled = nanos.length;
        for (int w = nanos.length - WINDOW; w >= 0; w -= WINDOW) {
            long[] window = Arrays.copyOfRange(nanos, w, w + WINDOW);
            Arrays.sort(window);
            if (window[WINDOW / 2] > 1.2 * steady) {
                break;
            }
            settled = w + 1;
        }
        return settled;
    }
}
