package dev.vecnet.onnx;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names and shapes of any length and content become short, printable text. */
class FileTextTest {
    /** What a terminal shows as itself; anything else must have been escaped. */
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}]*");

    @Provide
    Arbitrary<String> names() {
        // Any characters (controls, escapes, unpaired surrogates), repeated up to megabytes.
        return Combinators.combine(Arbitraries.strings().all().ofMaxLength(40), Arbitraries.integers().between(1, 50_000))
                .as(String::repeat);
    }

    @Property(tries = 300)
    void escapedNamesArePrintableAndShort(@ForAll("names") String name) {
        String escaped = FileText.escape(name);
        assertTrue(PRINTABLE.matcher(escaped).matches(), escaped);
        int suffix = ("... (" + name.length() + " chars)").length();
        // One character past the limit may escape to 12 (a surrogate pair), then the length follows.
        assertTrue(escaped.length() <= FileText.MAX_QUOTED_CHARS + 12 + suffix, escaped);
    }

    @Property(tries = 300)
    void shortPrintableNamesAreQuotedAsTheyAre(@ForAll("printable") String name) {
        assertEquals("'" + name + "'", FileText.quote(name));
    }

    @Provide
    Arbitrary<String> printable() {
        return Arbitraries.strings().withCharRange(' ', '~').excludeChars('\\').ofMaxLength(FileText.MAX_QUOTED_CHARS);
    }

    @Property(tries = 100)
    void shapesShowAFewDimsAndTheirCount(@ForAll @IntRange(max = 2_000_000) int rank) {
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = Long.MAX_VALUE - i;
        }
        String text = FileText.dims(dims);
        int shown = text.equals("[]") ? 0 : text.split(", ").length - (rank > FileText.MAX_SHOWN_DIMS ? 1 : 0);
        assertEquals(Math.min(rank, FileText.MAX_SHOWN_DIMS), shown, text);
        assertTrue(rank <= FileText.MAX_SHOWN_DIMS || text.endsWith("... (" + rank + " dims)]"), text);
        assertTrue(text.length() < 250, text);
    }
}
