package dev.vecnet.examples.serving;

/**
 * Turns one feature's text into a float: a decimal number ({@code [+-]digits[.digits][(e|E)[+-]digits]},
 * either side of the point may be empty but not both), read with {@link Float#parseFloat} so it is the
 * nearest float to the decimal value: {@link Float#toString} output reads back to the same bits. NaN,
 * infinities and values beyond the float range are refused as non-finite; anything else (hex floats,
 * Java's {@code f}/{@code d} suffixes, text) as not a number. Stateless.
 */
final class FeatureValues {
    /**
     * The longest text one value may have. A float has at most nine significant digits, so even a long
     * plain-decimal spelling fits; a longer value is refused before it is parsed.
     */
    static final int MAX_CHARS = 100;

    private FeatureValues() {
    }

    /**
     * The value of {@code text}, named {@code where} in a refusal (e.g. {@code "line 3, value 7"}).
     *
     * @throws RequestException 400 when the text is not a decimal number or not a finite float
     */
    static float parse(String text, String where) throws RequestException {
        checkLength(text, where);
        if (!isDecimal(text)) {
            if (isNonFiniteWord(text)) {
                throw nonFinite(text, where);
            }
            throw new RequestException(RequestException.BAD_REQUEST,
                    where + ": '" + ClientText.quote(text) + "' is not a decimal number");
        }
        float value = Float.parseFloat(text);
        if (!Float.isFinite(value)) {
            throw nonFinite(text, where);
        }
        return value;
    }

    /** Also used for JSON numbers, whose syntax Jackson has checked; only the range is left to check. */
    static float parseChecked(String text, String where) throws RequestException {
        checkLength(text, where);
        if (isNonFiniteWord(text)) {
            throw nonFinite(text, where);
        }
        float value = Float.parseFloat(text);
        if (!Float.isFinite(value)) {
            throw nonFinite(text, where);
        }
        return value;
    }

    private static void checkLength(String text, String where) throws RequestException {
        if (text.length() > MAX_CHARS) {
            throw new RequestException(RequestException.BAD_REQUEST, where + " is longer than " + MAX_CHARS
                    + " characters (" + text.length() + "): '" + ClientText.quote(text) + "'");
        }
    }

    private static RequestException nonFinite(String text, String where) {
        return new RequestException(RequestException.BAD_REQUEST,
                where + " is " + ClientText.quote(text) + ": features must be finite numbers within the float range");
    }

    private static boolean isNonFiniteWord(String text) {
        String word = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        return word.equalsIgnoreCase("nan") || word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity");
    }

    private static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
