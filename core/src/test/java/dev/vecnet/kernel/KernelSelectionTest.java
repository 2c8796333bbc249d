package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernel choice in fresh JVMs, as a user meets it: bad values of {@code vecnet.kernels},
 * {@code vecnet.vectorBits} and {@code vecnet.vectorRegisters} give one warning naming the value, the
 * cause where there is one, and what is used instead, and products stay correct; without
 * {@code --add-modules jdk.incubator.vector} the scalar path runs, with one warning naming that flag.
 * Each case forks a JVM running {@link KernelProbe}.
 */
class KernelSelectionTest {

    /** What a forked probe printed. */
    private record Probe(int exitCode, Map<String, String> values, String stderr) {
        String path() {
            return values.get("path");
        }

        int bits() {
            return Integer.parseInt(values.get("bits"));
        }

        double maxError() {
            return Double.parseDouble(values.get("maxError"));
        }

        long vecnetWarnings() {
            return stderr.lines().filter(l -> l.contains("WARNING") && !l.contains("incubator modules")).count();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ", " + values + ", stderr:\n" + stderr;
        }
    }

    private static Probe probe(boolean vectorModule, String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (vectorModule) {
            command.add("--add-modules");
            command.add("jdk.incubator.vector");
        }
        for (String p : properties) {
            command.add("-D" + p);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KernelProbe.class.getName());
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
        Map<String, String> values = new HashMap<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        return new Probe(process.exitValue(), values, new String(err, StandardCharsets.UTF_8));
    }

    /** The product is right whatever the path: within float32 rounding of a 300-term sum. */
    private static void assertWorks(Probe p) {
        assertEquals(0, p.exitCode(), p::toString);
        assertTrue(p.maxError() < 1e-4, p::toString);
    }

    private static boolean vectorPossible() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && Kernels.path() == Kernels.Path.VECTOR;
    }

    @Test
    void aBadPathValueWarnsOnceAndChoosesAsIfUnset() throws Exception {
        Probe p = probe(true, "vecnet.kernels=fastest");
        assertWorks(p);
        assertEquals(1, p.vecnetWarnings(), p::toString);
        assertTrue(p.stderr().contains("vecnet.kernels='fastest'"), p::toString);
        assertTrue(p.stderr().contains("as if it were not set"), p::toString);
        if (vectorPossible()) {
            assertEquals("VECTOR", p.path(), p::toString);
        }
    }

    @Test
    void anUnparsableVectorWidthWarnsWithItsCauseAndUsesThePreferredWidth() throws Exception {
        Probe unset = probe(true);
        Probe p = probe(true, "vecnet.vectorBits=wide");
        assertWorks(p);
        assertEquals(1, p.vecnetWarnings(), p::toString);
        assertTrue(p.stderr().contains("vecnet.vectorBits='wide'"), p::toString);
        assertTrue(p.stderr().contains("NumberFormatException"), "the cause is carried: " + p);
        assertTrue(p.stderr().contains("using the preferred"), p::toString);
        assertEquals(unset.path(), p.path(), p::toString);
        assertEquals(unset.bits(), p.bits(), p::toString);
    }

    @Test
    void anUnsupportedVectorWidthWarnsAndUsesThePreferredWidth() throws Exception {
        Probe unset = probe(true);
        for (String bits : new String[] {"96", "1024"}) {
            Probe p = probe(true, "vecnet.vectorBits=" + bits);
            assertWorks(p);
            assertEquals(1, p.vecnetWarnings(), p::toString);
            assertTrue(p.stderr().contains("vecnet.vectorBits=" + bits), p::toString);
            assertEquals(unset.bits(), p.bits(), p::toString);
            assertFalse(p.stderr().contains("--add-modules"), "the module is there; do not blame it: " + p);
        }
    }

    @Test
    void aBadRegisterCountWarnsAndUsesTheDetectedOne() throws Exception {
        Probe unset = probe(true);
        Probe p = probe(true, "vecnet.vectorRegisters=20");
        assertWorks(p);
        if (vectorPossible()) {
            assertEquals(1, p.vecnetWarnings(), p::toString);
            assertTrue(p.stderr().contains("vecnet.vectorRegisters='20'"), p::toString);
            assertEquals(unset.values().get("blocking"), p.values().get("blocking"), p::toString);
        }
    }

    @Test
    void withoutTheVectorModuleTheScalarPathRunsWithOneWarningNamingTheFlag() throws Exception {
        Probe p = probe(false);
        assertWorks(p);
        assertEquals("SCALAR", p.path(), p::toString);
        assertEquals(0, p.bits(), p::toString);
        assertEquals(1, p.vecnetWarnings(), p::toString);
        assertTrue(p.stderr().contains("--add-modules jdk.incubator.vector"), p::toString);
    }

    @Test
    void forcingTheScalarPathIsSilent() throws Exception {
        Probe p = probe(true, "vecnet.kernels=scalar");
        assertWorks(p);
        assertEquals("SCALAR", p.path(), p::toString);
        assertEquals(0, p.vecnetWarnings(), p::toString);
    }
}
