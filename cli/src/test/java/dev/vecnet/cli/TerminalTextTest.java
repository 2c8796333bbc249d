package dev.vecnet.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TerminalTextTest {

    /** Any UTF-16 text: control characters, escape sequences, lone surrogates, format characters among the rest. */
    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> units = Arbitraries.strings().all().ofMaxLength(400);
        Arbitrary<String> hostile = Arbitraries.strings()
                .withChars('\u001b', '\u009b', '\n', '\r', '\t', '\u0007', '\u202e', '\u2028', '\ud800', '[', 'a', ';')
                .ofMaxLength(400);
        return Arbitraries.oneOf(units, hostile);
    }

    @Property
    void noControlOrNonPrintableCharacterSurvives(@ForAll("anyText") String text, @ForAll @IntRange(min = 3, max = 500) int max) {
        String safe = TerminalText.safe(text, max);
        safe.codePoints().forEach(c -> assertTrue(isPrintable(c),
                () -> "U+" + Integer.toHexString(c) + " in the output of " + escapeForReport(text)));
    }

    @Property
    void outputIsBoundedByTheLimit(@ForAll("anyText") String text, @ForAll @IntRange(min = 3, max = 500) int max) {
        assertTrue(TerminalText.safe(text, max).length() <= max);
    }

    @Property
    void printableTextThatFitsIsKeptAsItIs(@ForAll @StringLength(max = 200) String text) {
        boolean printable = text.codePoints().allMatch(TerminalTextTest::isPrintable);
        if (printable && text.length() <= TerminalText.NAME_CHARS) {
            assertEquals(text, TerminalText.name(text));
        }
    }

    @Property
    void escapesReadBackToTheOriginalWhenNothingIsCut(@ForAll("anyText") String text) {
        Assume.that(text.indexOf('\\') < 0);   // then every backslash in the output starts an escape
        assertEquals(text, unescape(TerminalText.safe(text, Integer.MAX_VALUE)));
    }

    @Property
    void textBeyondTheBoundEndsWithAnEllipsis(@ForAll @StringLength(min = 201, max = 400) String text) {
        assertTrue(TerminalText.name(text).endsWith("..."));
    }

    @Test
    void anEscapeSequenceIsShownAsText() {
        assertEquals("\\u001b[31mred\\u001b[0m\\u000a", TerminalText.name("\u001b[31mred\u001b[0m\n"));
    }

    private static boolean isPrintable(int c) {
        int type = Character.getType(c);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR;
    }

    /** Replaces each backslash-u-four-hex escape by its code unit. */
    private static String unescape(String text) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("\\u", i) && i + 6 <= text.length()
                    && text.substring(i + 2, i + 6).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                sb.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 6;
            } else {
                sb.append(text.charAt(i++));
            }
        }
        return sb.toString();
    }

    private static String escapeForReport(String text) {
        StringBuilder sb = new StringBuilder();
        text.chars().forEach(c -> sb.append(String.format("%04x ", c)));
        return sb.toString();
    }
}
