package dev.vecnet.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.vecnet.kernel.Epilogue;
import dev.vecnet.kernel.Kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What every benchmark shares: the checked OpenBLAS handle, the row-major to column-major mapping of
 * SGEMM, test data and the correctness check each {@code @Setup} runs before anything is timed.
 *
 * <p>Every check here fails loudly (throws, which makes JMH abandon the benchmark) rather than letting a
 * wrong configuration produce numbers: vecnet silently on its scalar path, netlib silently on its
 * pure-Java fallback, netlib's native path on some BLAS other than OpenBLAS, or a mistranslated product.
 */
final class BenchSupport {
    /** System property naming the BLAS shared object for netlib; bench/run sets it to OpenBLAS's. */
    static final String NATIVE_LIB_PATH_PROPERTY = "dev.ludovic.netlib.blas.nativeLibPath";
    /** System property in which bench/run records the ISA it ran on (BENCH_ISA, resolved). */
    static final String ISA_PROPERTY = "vecnet.bench.isa";
    /** System property in which bench/run records the OPENBLAS_CORETYPE it set, or "native". */
    static final String OPENBLAS_CORETYPE_PROPERTY = "vecnet.bench.openblasCoretype";

    private static volatile NativeBLAS openBlas;
    private static volatile boolean vecnetChecked;

    private BenchSupport() {
    }

    /**
     * The vecnet kernel path this JVM chose; throws unless it is the vector path, except when the scalar
     * path was asked for explicitly with {@code -Dvecnet.kernels=scalar}.
     */
    static synchronized void checkVecnet() {
        if (vecnetChecked) {
            return;
        }
        String forced = System.getProperty(Kernels.PATH_PROPERTY);
        System.out.println("[bench] java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + " (" + System.getProperty("java.home") + ")");
        System.out.println("[bench] vecnet kernels: " + Kernels.describe());
        if (Kernels.path() != Kernels.Path.VECTOR && !"scalar".equals(forced)) {
            throw new IllegalStateException("vecnet is on its scalar path (" + Kernels.describe() + "): the forked JVM"
                    + " needs --add-modules jdk.incubator.vector (see bench/README.md); pass -Dvecnet.kernels=scalar"
                    + " to benchmark the scalar path on purpose");
        }
        vecnetChecked = true;
    }

    /**
     * netlib's native (JNI) BLAS, checked to be OpenBLAS: the implementation class must be the JNI one and
     * the shared object it mapped into this process must be OpenBLAS's. Prints both once per JVM, plus the
     * OpenBLAS environment variables that change what is measured.
     */
    static synchronized BLAS openBlas() {
        NativeBLAS blas = openBlas;
        if (blas != null) {
            return blas;
        }
        try {
            blas = NativeBLAS.getInstance();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("netlib could not load its native BLAS (" + e + "): install OpenBLAS"
                    + " (apt-get install libopenblas0-pthread, which bench/run does) and run through bench/run", e);
        }
        String impl = blas.getClass().getName();
        if (!impl.equals("dev.ludovic.netlib.blas.JNIBLAS")) {
            throw new IllegalStateException("netlib's native BLAS is " + impl + ", expected dev.ludovic.netlib.blas.JNIBLAS");
        }
        BLAS preferred = BLAS.getInstance();
        if (preferred != blas) {
            throw new IllegalStateException("BLAS.getInstance() is " + preferred.getClass().getName()
                    + ", not the native instance " + impl);
        }
        // Make sure the library is loaded, then see which shared objects the dlopen really mapped.
        float[] one = {1f};
        float[] out = {0f};
        blas.sgemm("N", "N", 1, 1, 1, 1f, one, 1, one, 1, 0f, out, 1);
        Set<String> mapped = mappedBlasLibraries();
        boolean isOpenBlas = mapped.stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).contains("openblas"));
        System.out.println("[bench] netlib BLAS: " + impl + " (BLAS.getInstance() is the same instance)");
        System.out.println("[bench] " + NATIVE_LIB_PATH_PROPERTY + " = " + System.getProperty(NATIVE_LIB_PATH_PROPERTY,
                "(unset: netlib dlopens libblas.so.3)"));
        System.out.println("[bench] BLAS libraries mapped into this JVM: " + (mapped.isEmpty() ? "(none found)" : mapped));
        if (!isOpenBlas) {
            throw new IllegalStateException("netlib's native BLAS is not OpenBLAS: mapped " + mapped
                    + "; install libopenblas0-pthread and run through bench/run");
        }
        printOpenBlasEnvironment();
        openBlas = blas;
        return blas;
    }

    private static void printOpenBlasEnvironment() {
        String threads = System.getenv("OPENBLAS_NUM_THREADS");
        System.out.println("[bench] OPENBLAS_NUM_THREADS=" + (threads == null ? "(unset)" : threads));
        if (!"1".equals(threads)) {
            System.out.println("[bench] WARNING: OPENBLAS_NUM_THREADS is not 1: OpenBLAS may use several threads"
                    + " against single-threaded vecnet");
        }
        // BENCH_ISA=avx2 makes bench/run set OPENBLAS_CORETYPE=Haswell on purpose and record it in this
        // property; only a value bench/run did not choose is a warning.
        String chosenCoretype = System.getProperty(OPENBLAS_CORETYPE_PROPERTY);
        for (String name : new String[] {"OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"}) {
            String value = System.getenv(name);
            if (value != null && name.equals("OPENBLAS_CORETYPE") && value.equals(chosenCoretype)) {
                System.out.println("[bench] " + name + "=" + value + " (set by bench/run for BENCH_ISA="
                        + System.getProperty(ISA_PROPERTY, "?") + ")");
            } else if (value != null) {
                System.out.println("[bench] WARNING: " + name + "=" + value + " is set: it overrides OpenBLAS's CPU"
                        + " detection (bench/run unsets it; see bench/README.md)");
            }
        }
    }

    /** Paths of the shared objects in /proc/self/maps whose name mentions blas (the real, resolved files). */
    private static Set<String> mappedBlasLibraries() {
        Set<String> paths = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String path = line.substring(slash).trim();
                String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                if (name.contains("blas") && !name.contains("netlibblasjni")) {
                    paths.add(path);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/maps to check which BLAS is loaded", e);
        }
        return paths;
    }

    /**
     * Row-major {@code C = alpha * op(A) * op(B) + beta * C} (C {@code m x n}, the same arguments as vecnet's
     * {@code Gemm.sgemm}) on column-major Fortran BLAS. A row-major matrix read column-major is its
     * transpose, so this computes {@code C^T = op(B)^T * op(A)^T}: the operands swap places, m and n swap,
     * and each keeps its own transpose flag ("N" when vecnet's flag is false).
     */
    static void sgemmRowMajor(BLAS blas, boolean transA, boolean transB, int m, int n, int k, float alpha,
                              float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, ldb, a, lda, beta, c, ldc);
    }

    /** The separate pass a BLAS user runs after the product: {@code c[i][j] = relu(c[i][j] + bias[j])}. */
    static void biasRelu(int m, int n, float[] c, int ldc, float[] bias) {
        for (int i = 0; i < m; i++) {
            int row = i * ldc;
            for (int j = 0; j < n; j++) {
                float v = c[row + j] + bias[j];
                c[row + j] = v < 0f ? 0f : v;
            }
        }
    }

    /** {@code length} floats uniform in [-1, 1), reproducible from {@code seed}. */
    static float[] random(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }

    /**
     * Checks two results of the same row-major product {@code C = act(op(A) op(B) + bias)} against each other
     * elementwise and, at sampled elements, against a double-precision reference computed here; throws with
     * the first disagreement. Inputs are in [-1, 1], so a correct float result is within about
     * {@code k * 2^-24} of the reference per element; a transposed or misindexed operand is off by O(1).
     */
    static void check(String what, boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int lda, float[] b, int ldb, float[] bias, Epilogue act,
                      String nameX, float[] x, String nameY, float[] y, int ldc) {
        double tol = 1e-5 * (k + 1);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float u = x[i * ldc + j];
                float v = y[i * ldc + j];
                if (!(Math.abs(u - v) <= tol)) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "%s: %s and %s disagree at (%d, %d): %s = %s, %s = %s, reference = %s (tolerance %.1e)",
                            what, nameX, nameY, i, j, nameX, u, nameY, v,
                            reference(transA, transB, i, j, k, a, lda, b, ldb, bias, act), tol));
                }
            }
        }
        SplittableRandom pick = new SplittableRandom(7);
        for (int s = 0; s < 64; s++) {
            int i = s == 0 ? 0 : s == 1 ? m - 1 : pick.nextInt(m);
            int j = s == 0 ? 0 : s == 1 ? n - 1 : pick.nextInt(n);
            double ref = reference(transA, transB, i, j, k, a, lda, b, ldb, bias, act);
            for (int which = 0; which < 2; which++) {
                float got = (which == 0 ? x : y)[i * ldc + j];
                if (!(Math.abs(got - ref) <= tol)) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "%s: %s is wrong at (%d, %d): %s, double reference %s (tolerance %.1e)",
                            what, which == 0 ? nameX : nameY, i, j, got, ref, tol));
                }
            }
        }
        System.out.printf(Locale.ROOT, "[bench] check %s: %s and %s agree (%dx%d, k=%d)%n", what, nameX, nameY, m, n, k);
    }

    private static double reference(boolean transA, boolean transB, int i, int j, int k,
                                    float[] a, int lda, float[] b, int ldb, float[] bias, Epilogue act) {
        double s = 0;
        for (int p = 0; p < k; p++) {
            double av = transA ? a[p * lda + i] : a[i * lda + p];
            double bv = transB ? b[j * ldb + p] : b[p * ldb + j];
            s += av * bv;
        }
        if (bias != null) {
            s += bias[j];
        }
        return act.apply((float) s, 0f);
    }
}
