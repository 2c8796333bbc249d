package dev.vecnet.cli;

import dev.vecnet.data.VisibleText;

/**
 * Makes text safe to print on a terminal: the one function every line the command line prints goes through
 * when it may hold text from a file (names, headers, exception messages). A file could otherwise move the
 * cursor, change colours, rewrite the title or hide text with escape sequences, or forge extra lines.
 *
 * <p>The rule: every control character (including newline, carriage return and tab), every format character
 * (such as the right-to-left override), every unassigned, private-use or lone surrogate code unit and the line
 * and paragraph separators are written as <code>&#92;uXXXX</code> (the UTF-16 code unit in four lower-case
 * hexadecimal digits, e.g. ESC as <code>&#92;u001b</code>); everything else is kept. Text longer than its
 * bound is cut at a code point and ends with {@code ...}, so the result is at most the bound in length.
 * Stateless and thread-safe.
 */
final class TerminalText {
    /** The most characters a name or other single field from a file keeps. */
    public static final int NAME_CHARS = 200;
    /** The most characters one printed line (an error message) keeps. */
    public static final int LINE_CHARS = 1000;

    private static final String CUT = "...";

    private TerminalText() {
    }

    /**
     * {@code text} with its control and non-printable characters escaped, cut to {@code maxChars}.
     *
     * @param text     any text, or null (printed as {@code null})
     * @param maxChars the most characters of the result, {@code >= 3}
     * @return the escaped text: no control characters, at most {@code maxChars} characters
     */
    public static String safe(String text, int maxChars) {
        String input = String.valueOf(text);
        StringBuilder sb = new StringBuilder(Math.min(input.length(), maxChars) + 16);
        int fitsWithCut = 0;   // the length up to the last whole piece that leaves room for CUT
        int i = 0;
        while (i < input.length() && sb.length() <= maxChars) {
            int codePoint = input.codePointAt(i);
            int units = Character.charCount(codePoint);
            if (VisibleText.isVisible(codePoint)) {
                sb.append(input, i, i + units);
            } else {
                escape(input, i, units, sb);
            }
            if (sb.length() <= maxChars - CUT.length()) {
                fitsWithCut = sb.length();
            }
            i += units;
        }
        boolean whole = i == input.length() && sb.length() <= maxChars;
        return whole ? sb.toString() : sb.substring(0, fitsWithCut) + CUT;
    }

    /** {@link #safe} with the bound of a name or other single field from a file ({@value #NAME_CHARS}). */
    public static String name(String text) {
        return safe(text, NAME_CHARS);
    }

    /** {@link #safe} with the bound of a whole printed line ({@value #LINE_CHARS}). */
    public static String line(String text) {
        return safe(text, LINE_CHARS);
    }

    /** Appends a backslash, {@code u} and four hex digits per code unit of {@code text[from, from + units)}. */
    private static void escape(String text, int from, int units, StringBuilder sb) {
        for (int k = from; k < from + units; k++) {
            String hex = Integer.toHexString(text.charAt(k));
            sb.append("\\u").append("0".repeat(4 - hex.length())).append(hex);
        }
    }
}
