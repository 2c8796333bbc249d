package dev.vecnet.data;

/**
 * Which characters a terminal shows as themselves, for the messages that quote text from files (CSV fields
 * and headers, names in model files, file names): the readers and the command line escape every other one
 * before it can reach a terminal. Stateless; thread-safe.
 */
public final class VisibleText {
    private VisibleText() {
    }

    /**
     * Whether {@code codePoint} shows as itself: it is not a control, format, private-use, unassigned or
     * surrogate code point, nor a line or paragraph separator (which would end or move the line). Callers with
     * a stricter rule (the replacement character, spaces other than U+0020) add it on top.
     *
     * @param codePoint a Unicode code point
     * @return true when the code point may be printed as it is
     */
    public static boolean isVisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
                    Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
