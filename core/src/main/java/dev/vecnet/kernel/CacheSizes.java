package dev.vecnet.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The per-core L1 data and L2 cache sizes, which size the GEMM's packed blocks. Read from Linux's
 * {@code /sys/devices/system/cpu/cpu0/cache}; where a virtual machine does not have that directory, the
 * L2 size of an AMD CPU from the {@code cache size} line of {@code /proc/cpuinfo} (which Linux fills
 * with the L2 size on AMD and Hygon CPUs, but with the last-level cache on Intel's, so it is read on
 * those two vendors only); elsewhere, or when neither can be read or parsed, the defaults (32 KiB L1d;
 * 512 KiB L2, the smallest L2 of the x86 server cores vecnet targets: AMD Zen 2 and 3) are used, which
 * only makes blocks smaller than they could be.
 */
final class CacheSizes {
    /** The L1 data cache size assumed when it cannot be read. */
    static final int DEFAULT_L1D_BYTES = 32 * 1024;
    /** The L2 size assumed when it cannot be read. */
    static final int DEFAULT_L2_BYTES = 512 * 1024;
    private static final Path CPU0_CACHE = Path.of("/sys/devices/system/cpu/cpu0/cache");
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private CacheSizes() {
    }

    /** This machine's L1 data cache size in bytes (per core), or {@link #DEFAULT_L1D_BYTES}. */
    static int l1dBytes() {
        return dataCacheBytes(1, DEFAULT_L1D_BYTES);
    }

    /** This machine's L2 size in bytes (per core): from sysfs, else from an AMD CPU's cpuinfo, else {@link #DEFAULT_L2_BYTES}. */
    static int l2Bytes() {
        int bytes = dataCacheBytes(2, -1);
        if (bytes > 0) {
            return bytes;
        }
        try {
            bytes = Files.isReadable(CPUINFO) ? amdL2FromCpuinfo(Files.readString(CPUINFO)) : -1;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            bytes = -1;
        }
        return bytes > 0 ? bytes : DEFAULT_L2_BYTES;
    }

    /**
     * The L2 size in bytes given by the first {@code cache size : N KB} line of a {@code /proc/cpuinfo}
     * text whose first {@code vendor_id} is {@code AuthenticAMD} or {@code HygonGenuine}; -1 for any other
     * vendor (Linux reports the last-level cache there), or when a line is missing or not of that form.
     */
    static int amdL2FromCpuinfo(String cpuinfo) {
        String vendor = cpuinfoValue(cpuinfo, "vendor_id");
        if (!"AuthenticAMD".equals(vendor) && !"HygonGenuine".equals(vendor)) {
            return -1;
        }
        String size = cpuinfoValue(cpuinfo, "cache size");
        if (size == null || !size.endsWith(" KB")) {
            return -1;
        }
        return parseSize(size.substring(0, size.length() - 3) + "K");
    }

    /** The value of the first {@code key : value} line of a {@code /proc/cpuinfo} text, or null. */
    private static String cpuinfoValue(String cpuinfo, String key) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The size of the data (or unified) cache of {@code level}, or {@code fallback}. */
    private static int dataCacheBytes(int level, int fallback) {
        for (int index = 0; index < 8; index++) {
            Path dir = CPU0_CACHE.resolve("index" + index);
            try {
                if (!Files.isDirectory(dir)) {
                    break;
                }
                String cacheLevel = Files.readString(dir.resolve("level")).trim();
                String type = Files.readString(dir.resolve("type")).trim();
                if (cacheLevel.equals(Integer.toString(level)) && !type.equals("Instruction")) {
                    int bytes = parseSize(Files.readString(dir.resolve("size")));
                    return bytes > 0 ? bytes : fallback;
                }
            } catch (IOException | SecurityException | UnsupportedOperationException e) {
                break;
            }
        }
        return fallback;
    }

    /** Parses sysfs's {@code "1024K"}, {@code "2M"} or {@code "524288"}; -1 when it is none of these. */
    static int parseSize(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("K")) {
            unit = 1024;
        } else if (s.endsWith("M")) {
            unit = 1024 * 1024;
        }
        if (unit != 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            long bytes = Long.parseLong(s) * unit;
            return bytes > 0 && bytes <= Integer.MAX_VALUE ? (int) bytes : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
