package dev.vecnet.kernel;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prints which kernel path this JVM chose and what a square SGEMM reaches on one thread, after
 * checking the product against a matrix-vector probe: {@code (A B) t} against {@code A (B t)} in double.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp vecnet.jar dev.vecnet.kernel.KernelInfo [n]}.
 */
public final class KernelInfo {
    private KernelInfo() {
    }

    /**
     * Runs the check and the timing.
     *
     * @param args optional matrix size n (default 512)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        System.out.println("kernels: " + Kernels.describe());
        System.out.println("tile:    " + Kernels.describeBlocking());
        System.out.println("java:    " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        SplittableRandom random = new SplittableRandom(42);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
            b[i] = (float) random.nextDouble(-1, 1);
        }
        Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
        System.out.printf(Locale.ROOT, "check:   max |(AB)t - A(Bt)| / |A||B||t| = %.2e%n", probeError(n, a, b, c, random));

        long flops = 2L * n * n * n;
        int reps = (int) Math.max(5, 4e9 / flops);
        double best = 0;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            }
            best = Math.max(best, (double) flops * reps / (System.nanoTime() - start));
        }
        System.out.printf(Locale.ROOT, "sgemm:   n=%d, %.1f GFLOP/s on one thread (best of 5 rounds)%n", n, best);
    }

    /** BLIS's cheap check of a large product: compare C t with A (B t) for a random vector t. */
    private static double probeError(int n, float[] a, float[] b, float[] c, SplittableRandom random) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = random.nextDouble(-1, 1);
        }
        double[] bt = new double[n];
        for (int p = 0; p < n; p++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += b[p * n + j] * t[j];
            }
            bt[p] = s;
        }
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double ct = 0;
            double abt = 0;
            double scale = 0;
            for (int j = 0; j < n; j++) {
                ct += c[i * n + j] * t[j];
                abt += a[i * n + j] * bt[j];
                scale += Math.abs(a[i * n + j]);
            }
            worst = Math.max(worst, Math.abs(ct - abt) / (scale * n + 1e-30));
        }
        return worst;
    }
}
