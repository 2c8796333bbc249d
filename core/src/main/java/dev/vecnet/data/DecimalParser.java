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

    /**
     * The float in {@code bytes[from, to)}, spaces and control characters around it ignored.
     *
     * @throws NumberFormatException when the text is not a number {@code Float.parseFloat} accepts
     */
    static float parse(byte[] bytes, int from, int to) {
        while (from < to && bytes[from] <= ' ') {
            from++;
        }
        while (to > from && bytes[to - 1] <= ' ') {
            to--;
        }
        int i = from;
        boolean negative = false;
        if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
            negative = bytes[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean overflow = false;
        for (; i < to && isDigit(bytes[i]); i++, digits++) {
            mantissa = mantissa * 10 + (bytes[i] - '0');
            overflow |= mantissa > MAX_EXACT;
        }
        if (i < to && bytes[i] == '.') {
            i++;
            for (; i < to && isDigit(bytes[i]); i++, digits++, scale--) {
                mantissa = mantissa * 10 + (bytes[i] - '0');
                overflow |= mantissa > MAX_EXACT;
            }
        }
        if (digits > 0 && i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
                negativeExponent = bytes[i] == '-';
                i++;
            }
            int exponent = 0;
            int exponentDigits = 0;
            for (; i < to && isDigit(bytes[i]) && exponentDigits < 9; i++, exponentDigits++) {
                exponent = exponent * 10 + (bytes[i] - '0');
            }
            if (exponentDigits == 0) {
                return fallback(bytes, from, to);
            }
            scale += negativeExponent ? -exponent : exponent;
        }
        if (digits == 0 || i != to || overflow || scale < -10 || scale > 10) {
            return fallback(bytes, from, to);
        }
        float value = scale >= 0 ? mantissa * POWERS[scale] : mantissa / POWERS[-scale];
        return negative ? -value : value;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static float fallback(byte[] bytes, int from, int to) {
        return Float.parseFloat(new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
    }
}
