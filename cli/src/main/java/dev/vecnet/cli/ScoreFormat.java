package dev.vecnet.cli;

/**
 * Writes floats as decimal text with 6 significant digits, the precision of {@code %.6g}, without the cost of
 * {@link String#format} (which parses the pattern and builds a {@code BigDecimal} per value). Trailing zeros
 * are dropped. Values from 1e-4 up to 1e6 (after rounding) are written in fixed notation ({@code 0.998712},
 * {@code 12.5}, {@code 1}); others in scientific notation with a signed exponent of at least two digits
 * ({@code 1.02e-05}, {@code -3e+07}). Zero is {@code 0}; NaN and the infinities are written as Java does
 * ({@code NaN}, {@code Infinity}, {@code -Infinity}). Every result parses back with
 * {@link Float#parseFloat} to within half a unit of the sixth digit. Stateless and thread-safe; allocates
 * nothing beyond what the {@link StringBuilder} needs.
 */
final class ScoreFormat {
    /** Significant digits written. */
    static final int DIGITS = 6;
    private static final long SMALLEST = 100_000;   // 10^(DIGITS - 1)
    private static final long LIMIT = 1_000_000;    // 10^DIGITS
    /** POW10[k + OFFSET] = 10^k for k in [-OFFSET, OFFSET]: covers 10^(5 - e) for every float exponent e. */
    private static final int OFFSET = 60;
    private static final double[] POW10 = new double[2 * OFFSET + 1];

    static {
        for (int k = -OFFSET; k <= OFFSET; k++) {
            POW10[k + OFFSET] = Double.parseDouble("1e" + k);
        }
    }

    private ScoreFormat() {
    }

    /** Appends {@code value} to {@code out} as described above, and returns {@code out}. */
    static StringBuilder append(StringBuilder out, float value) {
        if (!Float.isFinite(value)) {
            return out.append(value);
        }
        if (value == 0) {
            return out.append('0');
        }
        if (value < 0) {
            out.append('-');
        }
        double a = Math.abs((double) value);
        int e = (int) Math.floor(Math.log10(a));
        long digits = scaled(a, e);
        if (digits >= LIMIT) {          // rounded up to the next power of ten, or log10 was a hair low
            e++;
            digits = scaled(a, e);
        } else if (digits < SMALLEST) { // log10 was a hair high
            e--;
            digits = scaled(a, e);
        }
        if (digits >= LIMIT) {
            e++;
            digits /= 10;
        }
        if (e >= -4 && e < DIGITS) {
            return fixed(out, digits, e);
        }
        return scientific(out, digits, e);
    }

    /** round(a * 10^(DIGITS - 1 - e)): the DIGITS leading digits of a, whose leading digit is at 10^e. */
    private static long scaled(double a, int e) {
        return Math.round(a * POW10[DIGITS - 1 - e + OFFSET]);
    }

    private static StringBuilder fixed(StringBuilder out, long digits, int e) {
        int significant = significantDigits(digits);
        long trimmed = digits / pow10(DIGITS - significant);
        if (e >= 0) {
            int integerDigits = e + 1;
            if (significant <= integerDigits) {
                return out.append(trimmed * pow10(integerDigits - significant));
            }
            int fraction = significant - integerDigits;
            long unit = pow10(fraction);
            out.append(trimmed / unit).append('.');
            return padded(out, trimmed % unit, fraction);
        }
        out.append("0.");
        for (int z = -1; z > e; z--) {
            out.append('0');
        }
        return out.append(trimmed);
    }

    private static StringBuilder scientific(StringBuilder out, long digits, int e) {
        int significant = significantDigits(digits);
        long trimmed = digits / pow10(DIGITS - significant);
        long unit = pow10(significant - 1);
        out.append(trimmed / unit);
        if (significant > 1) {
            padded(out.append('.'), trimmed % unit, significant - 1);
        }
        out.append(e < 0 ? "e-" : "e+");
        int magnitude = Math.abs(e);
        return out.append(magnitude < 10 ? "0" : "").append(magnitude);
    }

    /** The digits of a DIGITS-digit number that remain once its trailing zeros are dropped. */
    private static int significantDigits(long digits) {
        int n = DIGITS;
        while (n > 1 && digits % 10 == 0) {
            digits /= 10;
            n--;
        }
        return n;
    }

    /** Appends {@code value} with leading zeros to {@code width} digits. */
    private static StringBuilder padded(StringBuilder out, long value, int width) {
        for (long unit = pow10(width - 1); unit > 1 && value < unit; unit /= 10) {
            out.append('0');
        }
        return out.append(value);
    }

    private static long pow10(int k) {
        long p = 1;
        for (int i = 0; i < k; i++) {
            p *= 10;
        }
        return p;
    }
}
