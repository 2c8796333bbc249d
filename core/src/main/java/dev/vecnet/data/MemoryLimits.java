package dev.vecnet.data;

import java.util.Locale;

/**
 * Checks an in-memory load, or any allocation sized from a file, against the Java heap before allocating it. A data set of {@code n} rows
 * needs {@code 4 * n * (features + 1)} bytes as float32 features and int32 labels (or
 * {@code 4 * n * (features + targets)}). Stateless and thread-safe.
 */
public final class MemoryLimits {
    private MemoryLimits() {
    }

    /**
     * The heap this JVM may still allocate: its maximum ({@code -Xmx}) less what is in use now (garbage
     * included, so the figure is conservative).
     *
     * @return bytes, {@code >= 0}
     */
    public static long availableHeap() {
        Runtime runtime = Runtime.getRuntime();
        return Math.max(0, runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory()));
    }

    /**
     * The bytes {@code rows} rows of {@code valuesPerRow} 4-byte values need, saturating at
     * {@code Long.MAX_VALUE}.
     *
     * @param rows         number of rows, {@code >= 0}
     * @param valuesPerRow features plus labels or targets per row, {@code >= 1}
     * @return {@code 4 * rows * valuesPerRow}, or {@code Long.MAX_VALUE} on overflow
     */
    public static long bytesNeeded(long rows, long valuesPerRow) {
        try {
            return Math.multiplyExact(4L, Math.multiplyExact(rows, valuesPerRow));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Throws unless {@code rows x features} (plus one label or {@code extra} targets per row) fit in
     * {@code budget} bytes and in one Java array.
     *
     * @param source   the file, for the message
     * @param rows     the row count, or a lower bound of it when {@code atLeast}
     * @param features features per row
     * @param extra    labels or targets per row (1 for labels)
     * @param budget   the bytes the load may take
     * @param atLeast  whether {@code rows} is only what was counted so far
     * @throws DataTooLargeException naming rows x features, the bytes needed, the budget and the JVM's
     *                               maximum heap
     */
    public static void require(String source, long rows, int features, int extra, long budget, boolean atLeast)
            throws DataTooLargeException {
        long bytes = bytesNeeded(rows, (long) features + extra);
        long values = rows > Long.MAX_VALUE / Math.max(1, features) ? Long.MAX_VALUE : rows * features;
        if (bytes > budget || values > MiniBatches.MAX_ORDER) {
            String more = atLeast ? "more than " : "";
            throw new DataTooLargeException(source + ": " + (atLeast ? "at least " : "") + rows + " rows x " + features
                    + " features need " + more + format(bytes) + " in memory"
                    + (values > MiniBatches.MAX_ORDER ? " and " + more + values + " values, beyond one Java array (2^31 - 9)"
                    : "") + "; this load may use " + format(budget) + " of the JVM's maximum heap of "
                    + format(Runtime.getRuntime().maxMemory()));
        }
    }

    /**
     * Throws unless an allocation of {@code bytes}, sized from a file, fits in {@code budget}.
     *
     * @param source the file, for the message
     * @param what   what the memory is for, in words
     * @param bytes  the bytes the allocation needs ({@code Long.MAX_VALUE} when that overflowed)
     * @param budget the bytes it may take
     * @throws DataTooLargeException naming the file, what, the bytes needed, the budget and the JVM's maximum heap
     */
    public static void requireBytes(String source, String what, long bytes, long budget) throws DataTooLargeException {
        if (bytes > budget) {
            throw new DataTooLargeException(source + ": " + what + " need " + format(bytes) + " in memory; this "
                    + "load may use " + format(budget) + " of the JVM's maximum heap of "
                    + format(Runtime.getRuntime().maxMemory()));
        }
    }

    /**
     * A byte count in words: {@code 1.5 GB}, {@code 320 MB}, {@code 12 kB} (powers of 1000).
     *
     * @param bytes the count, {@code >= 0}
     * @return the rounded figure with its unit
     */
    public static String format(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 9 EB";
        }
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
}
