package dev.vecnet.data;

import java.nio.charset.StandardCharsets;

/**
 * Parses a number of a CSV field from ASCII bytes to the float {@link Float#parseFloat} gives for the same
 * text. The one grammar of numbers in vecnet's text files:
 *
 * <pre>
 * field    = blank* number blank*          blank: a space or a tab, nothing else
 * number   = sign? ( decimal exponent? | "NaN" | "Infinity" )
 * decimal  = digit+ ( "." digit* )? | "." digit+
 * exponent = ( "e" | "E" ) sign? digit+
 * sign     = "+" | "-"                     digit: the ASCII digits 0 to 9
 * </pre>
 *
 * Anything else is not a number: other whitespace or control characters, any byte outside ASCII (a Unicode
 * minus, a degree sign, a byte-order mark, a non-breaking space), hexadecimal, Java's {@code f}/{@code d}
 * suffixes, {@code nan} or {@code inf} in other spellings, thousands separators. There is no limit on the
 * number of digits; a value beyond the float range is an infinity and one below it a zero, as in
 * {@code parseFloat} (callers refuse non-finite values where they must).
 *
 * <p>Fast path (exact): a decimal whose digits, read as an integer {@code m} with the decimal point removed,
 * satisfy {@code m <= 2^24}, and whose power of ten {@code e} lies in {@code [-10, 10]}. Then {@code m} and
 * {@code 10^|e|} are exact floats and one IEEE multiplication or division rounds correctly, which is what
 * {@code parseFloat} returns. Other numbers of the grammar go to {@code Float.parseFloat} on their text.
 * Stateless; the fast path allocates nothing.
 */
final class DecimalParser {
    private static final float[] POWERS = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
    private static final int MAX_EXACT = 1 << 24;
    private static final byte[] NAN = "NaN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFINITY = "Infinity".getBytes(StandardCharsets.US_ASCII);

    private DecimalParser() {
    }

    /** What {@link #scan} returns when the text does not take the fast path. */
    static final long NOT_FAST = -1;

    /**
     * The float of the field {@code bytes[from, to)}.
     *
     * @throws NumberFormatException when the field is not a number of the grammar above
     */
    static float parse(byte[] bytes, int from, int to) {
        long scanned = scan(bytes, from, to);
        if (scanned != NOT_FAST && end(scanned) == to) {
            return value(scanned);
        }
        from = skipBlanks(bytes, from, to);
        while (to > from && isBlank(bytes[to - 1])) {
            to--;
        }
        if (numberEnd(bytes, from, to) != to) {
            throw new NumberFormatException("not a number of the grammar");
        }
        return Float.parseFloat(new String(bytes, from, to - from, StandardCharsets.US_ASCII));
    }

    /**
     * Whether the field {@code bytes[from, to)} is a number of the grammar above. Allocates nothing.
     */
    static boolean isNumber(byte[] bytes, int from, int to) {
        int start = skipBlanks(bytes, from, to);
        int end = numberEnd(bytes, start, to);
        return end > start && skipBlanks(bytes, end, to) == to;
    }

    /**
     * Reads a number of the fast-path form from {@code from}, skipping blanks before and after it, and
     * stops at the first byte that cannot continue it (or at {@code to}). Allocates nothing.
     *
     * @return {@link #NOT_FAST} when the text there is not of the fast-path form or outside its bounds; else
     *         the float's bits and the index where it stopped, packed: read them with {@link #value} and
     *         {@link #end}
     */
    static long scan(byte[] bytes, int from, int to) {
        int i = skipBlanks(bytes, from, to);
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
        i = skipBlanks(bytes, i, to);
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

    /** Whether {@code b} may stand around a number: a space or a tab. */
    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    private static int skipBlanks(byte[] bytes, int from, int to) {
        while (from < to && isBlank(bytes[from])) {
            from++;
        }
        return from;
    }

    /**
     * The index just after the longest {@code number} of the grammar that starts at {@code from} (no blanks
     * skipped), or {@code from} when none starts there.
     */
    private static int numberEnd(byte[] bytes, int from, int to) {
        int i = from;
        if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
            i++;
        }
        int word = Math.max(wordEnd(bytes, i, to, NAN), wordEnd(bytes, i, to, INFINITY));
        if (word > i) {
            return word;
        }
        int integer = digitsEnd(bytes, i, to);
        int end = integer;
        if (end < to && bytes[end] == '.') {
            end = digitsEnd(bytes, end + 1, to);
        }
        // At least one digit before or after the point.
        if (integer == i && end <= integer + 1) {
            return from;
        }
        if (end < to && (bytes[end] == 'e' || bytes[end] == 'E')) {
            int exponent = end + 1;
            if (exponent < to && (bytes[exponent] == '-' || bytes[exponent] == '+')) {
                exponent++;
            }
            int exponentEnd = digitsEnd(bytes, exponent, to);
            if (exponentEnd == exponent) {
                return from;
            }
            end = exponentEnd;
        }
        return end;
    }

    private static int wordEnd(byte[] bytes, int from, int to, byte[] word) {
        if (to - from < word.length) {
            return from;
        }
        for (int k = 0; k < word.length; k++) {
            if (bytes[from + k] != word[k]) {
                return from;
            }
        }
        return from + word.length;
    }

    private static int digitsEnd(byte[] bytes, int from, int to) {
        while (from < to && isDigit(bytes[from])) {
            from++;
        }
        return from;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
