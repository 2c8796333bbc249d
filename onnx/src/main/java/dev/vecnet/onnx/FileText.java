package dev.vecnet.onnx;

import dev.vecnet.data.VisibleText;

import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * Text from a model file made fit for an error message: names escaped and cut, shapes cut to a few dims. A
 * hostile file may hold names of megabytes with escape sequences or newlines, and shapes of millions of dims;
 * a message quotes about {@value #MAX_QUOTED_CHARS} characters of a name (escapes included) and
 * {@value #MAX_SHOWN_DIMS} dims of a shape, and never a control, format, separator (other than the space) or
 * unassigned character: each of its UTF-16 units is written as a backslash, {@code u} and four hex digits, and a
 * backslash as two. Stateless.
 */
final class FileText {
    /** The most characters of one name a message quotes. */
    static final int MAX_QUOTED_CHARS = 100;
    /** The most dims of one shape a message shows. */
    static final int MAX_SHOWN_DIMS = 8;

    private FileText() {
    }

    /**
     * {@code text} escaped, and cut once the escaped text has {@value #MAX_QUOTED_CHARS} characters, its length in
     * characters after it: {@code abc} or {@code abc... (5000000 chars)}.
     */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        int i = 0;
        while (i < text.length() && escaped.length() < MAX_QUOTED_CHARS) {
            int codePoint = text.codePointAt(i);
            int chars = Character.charCount(codePoint);
            if (codePoint == '\\') {
                escaped.append("\\\\");
            } else if (isPrintable(codePoint)) {
                escaped.appendCodePoint(codePoint);
            } else {
                for (int k = i; k < i + chars; k++) {
                    escaped.append(String.format("\\u%04x", (int) text.charAt(k)));
                }
            }
            i += chars;
        }
        return i == text.length() ? escaped.toString()
                : escaped.append("... (").append(text.length()).append(" chars)").toString();
    }

    /** {@link #escape(String)} in single quotes: {@code 'abc'}. */
    static String quote(String text) {
        return "'" + escape(text) + "'";
    }

    /** A shape as ONNX writes it, {@code [16, 6]}, its first {@value #MAX_SHOWN_DIMS} dims and the count if longer. */
    static String dims(long[] dims) {
        return dims(dims.length, i -> dims[i]);
    }

    /** {@link #dims(long[])} of a list. */
    static String dims(List<Long> dims) {
        return dims(dims.size(), dims::get);
    }

    private static String dims(int count, IntToLongFunction dim) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < Math.min(count, MAX_SHOWN_DIMS); i++) {
            text.append(i == 0 ? "" : ", ").append(dim.applyAsLong(i));
        }
        return count <= MAX_SHOWN_DIMS ? text.append(']').toString()
                : text.append(", ... (").append(count).append(" dims)]").toString();
    }

    /** Whether a terminal shows {@code codePoint} as itself: {@link VisibleText#isVisible}, spaces only as U+0020. */
    private static boolean isPrintable(int codePoint) {
        return VisibleText.isVisible(codePoint)
                && (Character.getType(codePoint) != Character.SPACE_SEPARATOR || codePoint == ' ');
    }
}
