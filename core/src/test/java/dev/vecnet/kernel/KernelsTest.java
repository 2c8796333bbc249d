package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels}: the chosen path, the vector width and the description agree with each other and
 * with the system properties of the run (CI runs the suite with -Dvecnet.kernels=scalar, with
 * -Dvecnet.vectorBits=256 and =128, and with none). Bad property values and a JVM without the vector
 * module are {@link KernelSelectionTest}'s, in forked JVMs.
 */
class KernelsTest {

    private static String property(String name) {
        String v = System.getProperty(name);
        return v == null ? null : v.trim().toLowerCase(Locale.ROOT);
    }

    @Test
    void forcedScalarGivesTheScalarPath() {
        assumeTrue("scalar".equals(property(Kernels.PATH_PROPERTY)), "run without -Dvecnet.kernels=scalar");
        assertEquals(Kernels.Path.SCALAR, Kernels.path());
        assertEquals(0, Kernels.vectorBitSize());
    }

    @Test
    void forcedVectorBitsAreUsed() {
        String bits = property(Kernels.BITS_PROPERTY);
        assumeTrue(bits != null && !"scalar".equals(property(Kernels.PATH_PROPERTY)), "no -Dvecnet.vectorBits");
        assertEquals(Kernels.Path.VECTOR, Kernels.path(), "a forced vector width needs the vector path: " + Kernels.describe());
        assertEquals(Integer.parseInt(bits), Kernels.vectorBitSize());
    }

    @Test
    void pathWidthAndDescriptionAgree() {
        int bits = Kernels.vectorBitSize();
        String describe = Kernels.describe();
        if (Kernels.path() == Kernels.Path.SCALAR) {
            assertEquals(0, bits);
            assertTrue(describe.startsWith("scalar"), describe);
            assertTrue(!describe.contains("vector"), describe);
        } else {
            assertTrue(bits == 128 || bits == 256 || bits == 512, "vector width " + bits);
            assertEquals(0, bits % 128);
            assertEquals("vector (" + bits + "-bit, " + bits / 32 + " float lanes)", describe);
        }
        assertEquals(bits, Kernels.gemm().vectorBitSize(), "Kernels.gemm() is the chosen implementation");
        assertEquals(describe, Kernels.describe());
    }

    /**
     * Without -Dvecnet.kernels=scalar, with jdk.incubator.vector in the boot layer (surefire adds it)
     * and C2 not disabled, the vector path must be chosen, at the preferred width unless one is forced.
     */
    @Test
    void vectorPathIsChosenWhenAvailable() {
        assumeTrue(!"scalar".equals(property(Kernels.PATH_PROPERTY)), "scalar forced");
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "module absent");
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String arg : jvmArgs) {
            assumeTrue(!arg.equals("-Xint") && !arg.startsWith("-XX:TieredStopAtLevel")
                    && !arg.contains("JVMCI"), "JIT restricted by " + arg);
        }
        assumeTrue(ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class) != null,
                "not HotSpot");
        assertEquals(Kernels.Path.VECTOR, Kernels.path(), Kernels.describe());
        String forced = property(Kernels.BITS_PROPERTY);
        int expected = forced != null ? Integer.parseInt(forced)
                : jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        assertEquals(expected, Kernels.vectorBitSize());
    }
}
