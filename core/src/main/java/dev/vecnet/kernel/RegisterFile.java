package dev.vecnet.kernel;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * How many vector registers the JIT can allocate on this CPU, which decides how large a register tile
 * the GEMM micro-kernel may hold without spilling.
 *
 * <p>The Vector API does not expose the register file, so it is derived from what HotSpot was told to
 * use: on x86, {@code -XX:UseAVX=3} (the default on AVX-512 CPUs) gives C2 the 32 registers zmm0-31
 * (ymm16-31 too, through AVX-512VL, when vectors are 256 bits wide); {@code UseAVX} 2 or lower (the
 * default on AVX2-only CPUs, and what {@code -XX:UseAVX=2} forces) gives 16. AArch64 (NEON and SVE) has
 * 32. Anything else, or a JVM where the option cannot be read, is given 16: a tile sized for 16 registers
 * runs well on 32, while one sized for 32 spills on 16 and runs at half speed.
 *
 * <p>The system property {@code vecnet.vectorRegisters=16|32} overrides the detection (for tests and for
 * measuring one tile on a machine that could hold another). An invalid value logs one warning naming it
 * and the detected count, which is then used.
 *
 * @param count the number of vector registers the micro-kernels may use
 * @param source why: the detection or the override, in words (e.g. {@code "AVX-512 (UseAVX=3)"})
 */
record RegisterFile(int count, String source) {

    /** Name of the system property that overrides the detected register count. */
    static final String PROPERTY = "vecnet.vectorRegisters";

    /** The register file of this JVM: the override when valid, otherwise the detected one. */
    static RegisterFile ofThisJvm() {
        RegisterFile detected = detect(System.getProperty("os.arch", ""), useAvx());
        String forced = Kernels.property(PROPERTY);
        if (forced == null) {
            return detected;
        }
        if (forced.equals("16") || forced.equals("32")) {
            return new RegisterFile(Integer.parseInt(forced), "-D" + PROPERTY + "=" + forced);
        }
        Kernels.warn("ignoring -D" + PROPERTY + "='" + System.getProperty(PROPERTY) + "' (expected 16 or 32); using the"
                + " detected " + detected.count + " registers of " + detected.source, null);
        return detected;
    }

    /**
     * The register file for an architecture ({@code os.arch}) and HotSpot's {@code UseAVX} level
     * ({@code -1} when unknown).
     */
    static RegisterFile detect(String arch, int useAvx) {
        String a = arch.toLowerCase(Locale.ROOT);
        if (a.equals("aarch64") || a.equals("arm64")) {
            return new RegisterFile(32, "AArch64");
        }
        if (a.equals("amd64") || a.equals("x86_64")) {
            if (useAvx >= 3) {
                return new RegisterFile(32, "AVX-512 (UseAVX=" + useAvx + ")");
            }
            if (useAvx >= 0) {
                return new RegisterFile(16, (useAvx == 2 ? "AVX2" : "SSE/AVX") + " (UseAVX=" + useAvx + ")");
            }
            return new RegisterFile(16, "x86 with an unknown UseAVX level");
        }
        return new RegisterFile(16, "an unknown architecture (" + arch + ")");
    }

    /** HotSpot's {@code UseAVX} level, or -1 when the JVM is not HotSpot or does not say. */
    private static int useAvx() {
        try {
            var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return hotspot == null ? -1 : Integer.parseInt(hotspot.getVMOption("UseAVX").getValue());
        } catch (RuntimeException | LinkageError e) {
            // No such option (not x86, not HotSpot) or no jdk.management module (a jlink image).
            return -1;
        }
    }
}
