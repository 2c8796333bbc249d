package dev.vecnet.kernel;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Run in a forked JVM by {@link KernelSelectionTest}: prints the kernel choice and the worst error of
 * one product against a double-precision reference, as {@code key=value} lines on standard output.
 */
public final class KernelProbe {
    private KernelProbe() {
    }

    /**
     * Prints {@code path}, {@code bits}, {@code blocking} and {@code maxError} lines.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        int m = 37;
        int n = 45;
        int k = 300;
        SplittableRandom rnd = new SplittableRandom(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextDouble(-1, 1);
        }
        Gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        double worst = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * k + p] * b[p * n + j];
                }
                worst = Math.max(worst, Math.abs(s - c[i * n + j]));
            }
        }
        System.out.println("path=" + Kernels.path());
        System.out.println("bits=" + Kernels.vectorBitSize());
        System.out.println("blocking=" + Kernels.describeBlocking());
        System.out.println(String.format(Locale.ROOT, "maxError=%.3e", worst));
    }
}
