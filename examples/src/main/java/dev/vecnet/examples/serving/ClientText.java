package dev.vecnet.examples.serving;

/**
 * Makes text that came from a client safe to put into a refusal message: at most {@link #MAX_QUOTED}
 * characters, every character outside printable ASCII written as a {@code \}{@code uXXXX} escape, so that a
 * message can reach a log or a terminal without control sequences, line breaks or right-to-left overrides.
 * Stateless.
 */
final class ClientText {
    /** The most characters of client text, escapes included, that one message quotes. */
    static final int MAX_QUOTED = 100;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ClientText() {
    }

    /**
     * {@code text} escaped and cut to {@link #MAX_QUOTED} characters; a cut one ends in {@code "..."}.
     * Reads at most {@link #MAX_QUOTED} characters of {@code text}, however long it is.
     */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED) + 3);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean printable = c >= 0x20 && c < 0x7f;
            if (out.length() + (printable ? 1 : 6) > MAX_QUOTED) {
                return out.append("...").toString();
            }
            if (printable) {
                out.append(c);
            } else {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }
}
