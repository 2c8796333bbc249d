package dev.vecnet.kernel;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Chooses, once, which implementation of the kernels this JVM runs: the Vector API path or the
 * plain-Java scalar path, and reports the choice.
 *
 * <p>The vector path is chosen when the module {@code jdk.incubator.vector} is in the boot layer
 * (the JVM was started with {@code --add-modules jdk.incubator.vector}), the JIT is HotSpot's C2, and
 * the preferred float species is at least 128 bits wide. Otherwise the scalar path is used and one
 * line is logged through {@link System.Logger} saying why. Nothing here ever throws because the module
 * is missing: classes that touch {@code jdk.incubator.vector} are only loaded on the vector path.
 *
 * <p>System properties, read once at first use:
 * <ul>
 *   <li>{@code vecnet.kernels=vector|scalar} forces a path ({@code vector} still falls back, with the
 *       log line, when the module is absent);</li>
 *   <li>{@code vecnet.vectorBits=128|256|512} forces a narrower species than the preferred one, for
 *       testing;</li>
 *   <li>{@code vecnet.vectorRegisters=16|32} overrides the vector register count the GEMM's tile is
 *       chosen for (see {@link #describeBlocking()}).</li>
 * </ul>
 * An invalid value of any of them is ignored with one warning that names it, the cause and what is used
 * instead; it never makes a class fail to initialise.
 *
 * <p>Thread-safe; the choice is immutable once made.
 */
public final class Kernels {

    /** Name of the system property that forces a path. */
    public static final String PATH_PROPERTY = "vecnet.kernels";
    /** Name of the system property that forces a species width in bits. */
    public static final String BITS_PROPERTY = "vecnet.vectorBits";

    /** Which implementation runs the kernels. */
    public enum Path {
        /** {@code jdk.incubator.vector} kernels. */
        VECTOR,
        /** Plain-Java kernels; the reference implementation. */
        SCALAR
    }

    private Kernels() {
    }

    /**
     * The path chosen for this JVM.
     *
     * @return {@link Path#VECTOR} or {@link Path#SCALAR}, fixed for the life of the JVM
     */
    public static Path path() {
        return Choice.PATH;
    }

    /**
     * The float vector width in bits on the vector path, or 0 on the scalar path.
     *
     * @return the float vector width in use on the vector path (for example 256 or 512); 0 on the scalar path
     */
    public static int vectorBitSize() {
        return Choice.GEMM.vectorBitSize();
    }

    /**
     * One line for logs and {@code info} output, e.g. {@code "vector (512-bit, 16 float lanes)"}.
     *
     * @return the path and, on the vector path, the vector width and lane count, as one line
     */
    public static String describe() {
        int bits = vectorBitSize();
        return bits == 0 ? "scalar (plain Java)" : String.format(Locale.ROOT, "vector (%d-bit, %d float lanes)", bits, bits / 32);
    }

    /**
     * The GEMM's register tile and block sizes and why they were chosen, e.g. {@code "12 x 32 tile (24
     * accumulators + 2 B vectors + 1 broadcast = 27 of 32 vector registers: AVX-512 (UseAVX=3)), MC 252,
     * KC 256, NC 512"}. The tile follows the vector register file ({@code -XX:UseAVX=2} gives AVX2's 16
     * registers and a 4-row tile); results are the same bits whatever the tile.
     *
     * @return one line naming the register tile, its register budget and the MC, KC and NC block sizes
     */
    public static String describeBlocking() {
        return Choice.GEMM.describeBlocking();
    }

    /** The GEMM implementation of the chosen path. */
    static GemmKernel gemm() {
        return Choice.GEMM;
    }

    /** The elementwise implementation of the chosen path (always the same path as {@link #gemm()}). */
    static ElementwiseKernel elementwise() {
        return Choice.ELEMENTWISE;
    }

    /** Lazy holder: the choice is made when a kernel is first used, not when this class loads. */
    private static final class Choice {
        static final GemmKernel GEMM;
        static final ElementwiseKernel ELEMENTWISE;
        static final Path PATH;

        static {
            String whyNotVector = whyNotVector();
            GemmKernel chosen = null;
            ElementwiseKernel chosenElementwise = null;
            Throwable loadFailure = null;
            if (whyNotVector == null) {
                try {
                    // The module dev.vecnet does not declare the vector module (see module-info): it reads it
                    // from here, before the first vector class loads. A no-op on the class path.
                    Kernels.class.getModule().addReads(ModuleLayer.boot().findModule("jdk.incubator.vector").get());
                    chosen = (GemmKernel) Class.forName("dev.vecnet.kernel.VectorGemm")
                            .getDeclaredConstructor().newInstance();
                    chosenElementwise = (ElementwiseKernel) Class.forName("dev.vecnet.kernel.VectorElementwise")
                            .getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    // Both families take the same path: a half-vector choice would be one nobody tested.
                    chosen = null;
                    chosenElementwise = null;
                    loadFailure = e;
                    whyNotVector = "the vector kernels failed to load (" + e + ")";
                }
            }
            if (chosen == null) {
                chosen = new ScalarGemm();
                chosenElementwise = new ScalarElementwise();
                if (!"scalar".equals(property(PATH_PROPERTY))) {
                    String advice = ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()
                            ? "; start the JVM with --add-modules jdk.incubator.vector for the SIMD path" : "";
                    warn("vecnet uses its scalar kernels because " + whyNotVector + advice, loadFailure);
                }
            }
            GEMM = chosen;
            ELEMENTWISE = chosenElementwise;
            PATH = chosen instanceof ScalarGemm ? Path.SCALAR : Path.VECTOR;
        }

        /** Returns null when the vector path can be used, else the reason it cannot. */
        private static String whyNotVector() {
            String forced = property(PATH_PROPERTY);
            if (forced != null && !forced.equals("vector") && !forced.equals("scalar")) {
                warn("ignoring -D" + PATH_PROPERTY + "='" + System.getProperty(PATH_PROPERTY)
                        + "' (expected 'vector' or 'scalar'); choosing the kernels as if it were not set", null);
                forced = null;
            }
            if ("scalar".equals(forced)) {
                return "-D" + PATH_PROPERTY + "=scalar was given";
            }
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return "the module jdk.incubator.vector is not in the boot layer";
            }
            String jit = jitProblem();
            if (jit != null) {
                return jit;
            }
            return null;
        }

        /** The vector API is only fast under C2; under C1, Graal or the interpreter it allocates per op. */
        private static String jitProblem() {
            try {
                var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
                if (hotspot == null) {
                    return "the JVM is not HotSpot";
                }
                if ("false".equals(hotspot.getVMOption("UseCompiler").getValue())) {
                    return "the JIT compiler is disabled (-Xint)";
                }
                if ("true".equals(hotspot.getVMOption("TieredCompilation").getValue())
                        && Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue()) < 4) {
                    return "C2 is disabled (-XX:TieredStopAtLevel below 4)";
                }
                try {
                    if ("true".equals(hotspot.getVMOption("UseJVMCICompiler").getValue())) {
                        return "the JIT is a JVMCI compiler, not C2";
                    }
                } catch (IllegalArgumentException noJvmci) {
                    // Builds without JVMCI do not know the option: then C2 is the top tier.
                }
                return null;
            } catch (RuntimeException | LinkageError e) {
                // java.management or jdk.management is absent (jlink image): we cannot tell, assume C2.
                return null;
            }
        }
    }

    /** Logs one warning about the kernel choice, with its cause when there is one. */
    static void warn(String message, Throwable cause) {
        System.Logger logger = System.getLogger("dev.vecnet");
        if (cause == null) {
            logger.log(System.Logger.Level.WARNING, message);
        } else {
            logger.log(System.Logger.Level.WARNING, message, cause);
        }
    }

    static String property(String name) {
        String value = System.getProperty(name);
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
