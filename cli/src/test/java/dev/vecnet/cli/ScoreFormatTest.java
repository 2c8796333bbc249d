package dev.vecnet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 6-significant-digit text of predict's output columns. */
class ScoreFormatTest {

    private static String format(float value) {
        return ScoreFormat.append(new StringBuilder(), value).toString();
    }

    @ParameterizedTest
    @CsvSource({
            "1, 1", "0, 0", "-0, 0", "0.5, 0.5", "0.998712, 0.998712", "0.9999996, 1", "1.02e-5, 1.02e-05",
            "0.0001, 0.0001", "0.00009999996, 0.0001", "0.000099999, 9.9999e-05", "123456.7, 123457",
            "999999.6, 1e+06", "1234567, 1.23457e+06", "-3e7, -3e+07", "10.05, 10.05", "100, 100",
            "0.000123456789, 0.000123457", "1.5e-30, 1.5e-30", "3.4028235e38, 3.40282e+38", "-2.5, -2.5",
            "NaN, NaN", "Infinity, Infinity", "-Infinity, -Infinity",
    })
    void writesSixSignificantDigitsWithoutTrailingZeros(float value, String expected) {
        assertEquals(expected, format(value));
    }

    @Test
    void agreesWithPercentGAndParsesBackWithinHalfAUnitOfTheSixthDigit() {
        SplittableRandom random = new SplittableRandom(7);
        int differentFromPercentG = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            float value = Float.intBitsToFloat(random.nextInt());
            if (!Float.isFinite(value)) {
                continue;
            }
            String text = format(value);
            assertTrue(text.matches("-?(\\d+(\\.\\d*[1-9])?|\\d(\\.\\d*[1-9])?e[+-]\\d{2,})"), text);
            double back = Double.parseDouble(text);
            assertTrue(Math.abs(back - value) <= 5.0000001e-6 * Math.abs(value) + Double.MIN_VALUE, value + " -> " + text);
            String expected = withoutTrailingZeros(String.format(Locale.ROOT, "%.6g", value));
            differentFromPercentG += expected.equals(text) ? 0 : 1;
        }
        assertEquals(0, differentFromPercentG, differentFromPercentG + " of " + n + " differ from %.6g");
    }

    /** %g's text without the zeros it pads the fraction with: 1.50000e-05 to 1.5e-05, 2.00000 to 2. */
    private static String withoutTrailingZeros(String g) {
        int e = g.indexOf('e');
        String mantissa = e < 0 ? g : g.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("\\.?0+$", "");
        }
        return mantissa + (e < 0 ? "" : g.substring(e));
    }
}
