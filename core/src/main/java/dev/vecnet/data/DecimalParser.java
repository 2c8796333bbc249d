package dev.vecnet.data;

import java.nio.charset.StandardCharsets;

/**
 * Parses a decimal number from ASCII bytes to the float {@link Float#parseFloat} gives for the same text.
 *
 * <p>Fast path (exact): {@code [+-]digits[.digits][(e|E)[+-]digits]} whose digits, read as an integer
 * {@code m} with the decimal point removed, satisfy {@code m <= 2^24}, and whose power of ten {@code e}
 * lies in {@code [-10, 10]}. Then {@code m} and {@code 10^|e|} are exact floats and one IEEE multiplication
 * or division rounds correctly, which is what {@code parseFloat} returns. Everything else (more digits,
 * larger exponents, {@code NaN}, {@code Infinity}, hexadecimal, type suffixes) goes to
 * {@code Float.parseFloat} on the trimmed text. Stateless; the fast path allocates nothing.
 */
final class DecimalParser {
    private static final float[] POWERS = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    private static final int MAX_EXACT = 1 << 24;

    private DecimalParser() {
    }

    /** What {@link #scan} returns when the text does not take the fast path. */
    static final long NOT_FAST = -1;

    /**
     * The float in {@code bytes[from, to)}, spaces and control characters around it ignored.
     *
     * @throws NumberFormatException when the text is not a number {@code Float.parseFloat} accepts
     */
    static float parse(byte[] bytes, int from, int to) {
        long scanned = scan(bytes, from, to);
        if (scanned != NOT_FAST && end(scanned) == to) {
            return value(scanned);
        }
        while (from < to && bytes[from] <= ' ') {
            from++;
        }
        while (to > from && bytes[to - 1] <= ' ') {
            to--;
        }
        return Float.parseFloat(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads a number of the fast-path form from {@code from}, skipping spaces before and after it, and
     * stops at the first byte that cannot continue it (or at {@code to}). Allocates nothing.
     *
     * @return {@link #NOT_FAST} when the text there is not of the fast-path form or outside its bounds; else
     *         the float's bits and the index where it stopped, packed: read them with {@link #value} and
     *         {@link #end}
     */
    static long scan(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && bytes[i] <= ' ') {
            i++;
        }
        boolean negative = false;
        if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
            negative = bytes[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        for (; i < to && isDigit(bytes[i]); i++, digits++) {
            mantissa = Math.min(mantissa * 10 + (bytes[i] - '0'), MAX_EXACT + 1L);
        }
        if (i < to && bytes[i] == '.') {
            i++;
            for (; i < to && isDigit(bytes[i]); i++, digits++, scale--) {
                mantissa = Math.min(mantissa * 10 + (bytes[i] - '0'), MAX_EXACT + 1L);
            }
        }
        if (digits == 0) {
            return NOT_FAST;
        }
        if (i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
                negativeExponent = bytes[i] == '-';
                i++;
            }
            int exponent = 0;
            int exponentDigits = 0;
            for (; i < to && isDigit(bytes[i]); i++, exponentDigits++) {
                exponent = Math.min(exponent * 10 + (bytes[i] - '0'), 1000);
            }
            if (exponentDigits == 0) {
                return NOT_FAST;
            }
            scale += negativeExponent ? -exponent : exponent;
        }
        if (mantissa > MAX_EXACT || scale < -10 || scale > 10) {
            return NOT_FAST;
        }
        while (i < to && bytes[i] <= ' ') {
            i++;
        }
        float value = scale >= 0 ? mantissa * POWERS[scale] : mantissa / POWERS[-scale];
        return ((long) i << 32) | (Float.floatToRawIntBits(negative ? -value : value) & 0xffffffffL);
    }

    /** The float of a {@link #scan} result. */
    static float value(long scanned) {
        return Float.intBitsToFloat((int) scanned);
    }

    /** The stop index of a {@link #scan} result. */
    static int end(long scanned) {
        return (int) (scanned >>> 32);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

}
