package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link GemmBlocking}, {@link RegisterFile} and {@link CacheSizes}: the tile fits the register file it
 * is chosen for, the blocks fit the caches they are sized for, and this JVM's choice follows its
 * {@code -XX:UseAVX} level (CI runs the kernel tests under {@code -XX:UseAVX=2} too).
 */
class GemmBlockingTest {
    private static final int KIB = 1024;
    private static final RegisterFile SIXTEEN = new RegisterFile(16, "test");
    private static final RegisterFile THIRTY_TWO = new RegisterFile(32, "test");

    @Test
    void thirtyTwoRegistersGetTheTwelveRowTileAndSixteenGetTheFourRowTile() {
        GemmBlocking avx512 = GemmBlocking.choose(16, THIRTY_TWO, 32 * KIB, 1024 * KIB);
        assertEquals(GemmBlocking.Tile.ROWS12, avx512.tile());
        assertEquals(12, avx512.mr());
        assertEquals(32, avx512.nr());
        GemmBlocking avx2 = GemmBlocking.choose(8, SIXTEEN, 32 * KIB, 512 * KIB);
        assertEquals(GemmBlocking.Tile.ROWS4, avx2.tile());
        assertEquals(4, avx2.mr());
        assertEquals(16, avx2.nr());
        assertTrue(avx512.wideLeftovers(), "21 + 3 registers fit 32");
        assertFalse(avx2.wideLeftovers(), "two-panel leftovers would spill on 16 registers");
    }

    @Test
    void everyChoiceFitsItsRegistersAndCaches() {
        for (int lanes : new int[] {4, 8, 16}) {
            for (RegisterFile registers : List.of(SIXTEEN, THIRTY_TWO)) {
                for (int l2 : new int[] {256 * KIB, 512 * KIB, 1024 * KIB, 2048 * KIB}) {
                    GemmBlocking b = GemmBlocking.choose(lanes, registers, 32 * KIB, l2);
                    String where = b.describe();
                    assertTrue(b.tile().registersNeeded() <= registers.count(), where);
                    assertEquals(0, b.mc() % b.mr(), "MC is whole tiles: " + where);
                    assertEquals(0, b.nc() % b.nr(), "NC is whole micro-panels: " + where);
                    assertTrue((long) b.mc() * GemmBlocking.KC * Float.BYTES <= l2 / 4, "A block in a quarter of L2: " + where);
                    assertTrue((long) b.nc() * GemmBlocking.KC * Float.BYTES <= l2 / 2, "B block in half of L2: " + where);
                    // The largest tile that fits is chosen.
                    for (GemmBlocking.Tile larger : GemmBlocking.Tile.values()) {
                        if (larger.rows > b.mr()) {
                            assertTrue(larger.registersNeeded() > registers.count(), where);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aSmallerL2GivesSmallerBlocks() {
        GemmBlocking large = GemmBlocking.choose(8, SIXTEEN, 32 * KIB, 1024 * KIB);
        GemmBlocking small = GemmBlocking.choose(8, SIXTEEN, 32 * KIB, 512 * KIB);
        assertEquals(512, large.nc());
        assertEquals(256, small.nc());
        assertTrue(small.mc() < large.mc());
    }

    @Test
    void theBMicroPanelStaysInL1OnlyWhenItFitsHalfOfIt() {
        // KC x NR floats: 256 x 16 x 4 = 16 KiB with 8 lanes, 32 KiB with 16 lanes.
        assertTrue(GemmBlocking.choose(8, SIXTEEN, 32 * KIB, 512 * KIB).panelsInL1());
        assertFalse(GemmBlocking.choose(16, THIRTY_TWO, 32 * KIB, 1024 * KIB).panelsInL1());
        assertTrue(GemmBlocking.choose(16, THIRTY_TWO, 64 * KIB, 1024 * KIB).panelsInL1());
    }

    @Test
    void registerFilesFollowTheArchitectureAndUseAvx() {
        assertEquals(32, RegisterFile.detect("amd64", 3).count());
        assertEquals(16, RegisterFile.detect("amd64", 2).count());
        assertEquals(16, RegisterFile.detect("x86_64", 1).count());
        assertEquals(16, RegisterFile.detect("amd64", -1).count(), "unknown UseAVX: the tile that never spills");
        assertEquals(32, RegisterFile.detect("aarch64", -1).count());
        assertEquals(16, RegisterFile.detect("riscv64", -1).count());
        assertTrue(RegisterFile.detect("amd64", 2).source().contains("UseAVX=2"));
    }

    @Test
    void theRegisterOverrideIsUsedWhenValidAndIgnoredOtherwise() {
        String before = System.getProperty(RegisterFile.PROPERTY);
        try {
            System.setProperty(RegisterFile.PROPERTY, "16");
            assertEquals(16, RegisterFile.ofThisJvm().count());
            System.setProperty(RegisterFile.PROPERTY, "32");
            assertEquals(32, RegisterFile.ofThisJvm().count());
            System.clearProperty(RegisterFile.PROPERTY);
            RegisterFile detected = RegisterFile.ofThisJvm();
            System.setProperty(RegisterFile.PROPERTY, "24");
            assertEquals(detected, RegisterFile.ofThisJvm(), "an invalid value falls back to the detected file");
        } finally {
            if (before == null) {
                System.clearProperty(RegisterFile.PROPERTY);
            } else {
                System.setProperty(RegisterFile.PROPERTY, before);
            }
        }
    }

    /** Under -XX:UseAVX=2 the vector GEMM must take the 16-register tile; with AVX-512 enabled, the 32-register one. */
    @Test
    void thisJvmsTileFollowsItsUseAvxLevel() {
        assumeTrue(Kernels.path() == Kernels.Path.VECTOR, "scalar path");
        assumeTrue(System.getProperty(RegisterFile.PROPERTY) == null, "register count forced");
        String arch = System.getProperty("os.arch");
        assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), "not x86");
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        String blocking = Kernels.describeBlocking();
        if (args.stream().anyMatch(a -> a.matches("-XX:UseAVX=[012]"))) {
            assertTrue(blocking.startsWith("4 x "), blocking);
        } else if (cpuHasAvx512() && args.stream().noneMatch(a -> a.startsWith("-XX:UseAVX"))) {
            assertTrue(blocking.startsWith("12 x "), blocking);
        }
        assertTrue(blocking.contains("vector registers"), blocking);
    }

    @Test
    void cpuinfoGivesTheL2OfAmdCpusOnly() {
        String amd = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel name\t: AMD EPYC\n"
                + "cache size\t: 1024 KB\nprocessor\t: 1\nvendor_id\t: AuthenticAMD\ncache size\t: 512 KB\n";
        assertEquals(1024 * KIB, CacheSizes.amdL2FromCpuinfo(amd));
        assertEquals(512 * KIB, CacheSizes.amdL2FromCpuinfo(amd.replace("AuthenticAMD", "HygonGenuine")
                .replace("1024 KB", "512 KB")));
        // Linux reports the last-level cache on Intel CPUs: not an L2 size.
        assertEquals(-1, CacheSizes.amdL2FromCpuinfo(amd.replace("AuthenticAMD", "GenuineIntel")));
        assertEquals(-1, CacheSizes.amdL2FromCpuinfo("vendor_id\t: AuthenticAMD\n"));
        assertEquals(-1, CacheSizes.amdL2FromCpuinfo("vendor_id\t: AuthenticAMD\ncache size\t: 1 MB\n"));
        assertEquals(-1, CacheSizes.amdL2FromCpuinfo(""));
    }

    @Test
    void cacheSizesParseSysfsSpellings() {
        assertEquals(32 * KIB, CacheSizes.parseSize("32K\n"));
        assertEquals(1024 * KIB, CacheSizes.parseSize("1024K"));
        assertEquals(2 * 1024 * KIB, CacheSizes.parseSize("2M"));
        assertEquals(524288, CacheSizes.parseSize("524288"));
        assertEquals(-1, CacheSizes.parseSize("large"));
        assertEquals(-1, CacheSizes.parseSize(""));
        assertEquals(-1, CacheSizes.parseSize("0K"));
        assertTrue(CacheSizes.l1dBytes() >= 16 * KIB);
        assertTrue(CacheSizes.l2Bytes() >= CacheSizes.l1dBytes());
    }

    private static boolean cpuHasAvx512() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512f");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
