package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

/** The fast decimal parser against {@link Float#parseFloat}, bit for bit, on random decimal text. */
class DecimalParserTest {

    @Property(tries = 10000)
    void agreesWithParseFloatOnRandomDecimals(@ForAll("decimals") String text) {
        assertSame(text);
    }

    @Property(tries = 5000)
    void agreesWithParseFloatOnPrintedFloats(@ForAll float value) {
        assertSame(Float.toString(value));
        assertSame(String.format(java.util.Locale.ROOT, "%.6f", value));
    }

    @Property(tries = 2000)
    void csvRowsReadTheFloatsParseFloatReads(@ForAll("decimals") String a, @ForAll("decimals") String b,
                                             @ForAll("decimals") String c) throws java.io.IOException {
        String csv = "a,b,c,label\n" + a + ", " + b + " ," + c + ",1\n" + c + "," + a + "," + b + ",0\n";
        Dataset data = CsvLoader.lastColumnLabel().allowNonFinite()
                .load(new java.io.ByteArrayInputStream(csv.getBytes(StandardCharsets.US_ASCII)), "p.csv");
        String[] texts = {a, b, c, c, a, b};
        for (int i = 0; i < texts.length; i++) {
            assertEquals(Float.floatToRawIntBits(Float.parseFloat(texts[i])), Float.floatToRawIntBits(data.features()[i]),
                    texts[i]);
        }
    }

    @Example
    void agreesOnEdgeCasesAndRejectsWhatParseFloatRejects() {
        for (String text : new String[] {"0", "-0", "+0.0", "16777216", "16777217", "1.6777217e7", "0.1", "1e10",
                "1e-10", "1e11", "9999999e10", "1e-46", "3.4028236e38", " 7 ", "\t7\t", "5.", ".5", "-.5e1", "1.e5",
                "NaN", "-Infinity", "+NaN", "000000000000000000000012.5", "1E+05", "1e-0"}) {
            assertSame(text);
        }
        // Float.parseFloat accepts Java literals (hexadecimal, type suffixes) and any control character around
        // a number; the grammar of vecnet's text files does not.
        for (String text : new String[] {"", " ", ".", "-", "e5", "1e", "1e+", "1.2.3", "1,5", "abc", "--1", "0x1p3",
                "1f", "2.5d", "nan", "inf", "-infinity", "\r7", "7\u000b", "1 000", "+-1", ".e1"}) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            assertThrows(NumberFormatException.class, () -> DecimalParser.parse(bytes, 0, bytes.length), text);
        }
    }

    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        Arbitrary<String> integer = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> fraction = Combinators.combine(Arbitraries.of("", "."),
                Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(12)).as((point, f) -> point.isEmpty() ? "" : point + f);
        Arbitrary<String> exponent = Combinators.combine(Arbitraries.of("", "e", "E", "e-", "e+", "E-"),
                Arbitraries.integers().between(0, 60)).as((e, n) -> e.isEmpty() ? "" : e + n);
        return Combinators.combine(sign, integer, fraction, exponent).as((s, i, f, e) -> s + i + f + e)
                .filter(t -> t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?"));
    }

    private static void assertSame(String text) {
        byte[] bytes = ("," + text + ",").getBytes(StandardCharsets.US_ASCII);
        float expected = Float.parseFloat(text);
        float actual = DecimalParser.parse(bytes, 1, bytes.length - 1);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), text);
    }
}
