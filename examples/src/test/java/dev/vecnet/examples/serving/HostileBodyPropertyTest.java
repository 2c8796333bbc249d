package dev.vecnet.examples.serving;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whatever a client sends, the request parser either fills rows or refuses with a 4xx and a short, one-line,
 * printable message: huge numbers, long field names, deep nesting, bytes that are not UTF-8 (including the
 * zero bytes that make a JSON parser guess UTF-16 or UTF-32), and bodies cut anywhere.
 */
class HostileBodyPropertyTest {
    private static final int FEATURES = 3;
    private static final int MAX_ROWS = 4;
    /** The refusal message: the service's own words plus at most {@link ClientText#MAX_QUOTED} quoted characters. */
    private static final int MAX_MESSAGE = 300;

    @Property(tries = 300)
    void everyHostileBodyIsRowsOrA4xx(@ForAll("hostileBodies") byte[] body, @ForAll boolean csv) {
        float[] into = new float[FEATURES * MAX_ROWS];
        RowFormat format = csv ? RowFormat.CSV : RowFormat.JSON;
        try {
            int rows = format.parse(body, into, FEATURES, MAX_ROWS);
            assertTrue(rows >= 1 && rows <= MAX_ROWS, "rows " + rows);
        } catch (RequestException e) {
            assertTrue(e.status() >= 400 && e.status() < 500, e.status() + " " + e.getMessage());
            assertPrintableShortLine(e.getMessage());
        } catch (Throwable t) {
            fail(format + " let " + t + " escape for a body of " + body.length + " bytes", t);
        }
    }

    static void assertPrintableShortLine(String message) {
        assertTrue(message.length() <= MAX_MESSAGE, message.length() + " characters: " + message.substring(0, Math.min(200, message.length())));
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            assertTrue(c >= 0x20 && c < 0x7f, "character " + (int) c + " at " + i + " of " + message);
        }
    }

    @Provide
    Arbitrary<byte[]> hostileBodies() {
        return Arbitraries.oneOf(hugeNumbers(), longNames(), deepNesting(), notUtf8(), truncated());
    }

    private static Arbitrary<byte[]> hugeNumbers() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(900).ofMaxLength(5_000);
        return Arbitraries.oneOf(
                digits.map(d -> "{\"rows\": [[" + d + ", 1, 2]]}"),
                digits.map(d -> "{\"rows\": [[1, -0." + d + "e" + d + ", 2]]}"),
                digits.map(d -> d + ",1,2\n"),
                digits.map(d -> "1,2," + d + "." + d + "\n")).map(HostileBodyPropertyTest::utf8);
    }

    private static Arbitrary<byte[]> longNames() {
        Arbitrary<String> names = Arbitraries.strings().all().ofMinLength(1_000).ofMaxLength(60_000);
        return Arbitraries.oneOf(
                names.map(n -> "{\"" + n + "\": [[1, 2, 3]]}"),
                names.map(n -> "{\"rows\": [[1, 2, 3]], \"" + n + "\": 1}"),
                names.map(n -> n + "\n")).map(HostileBodyPropertyTest::utf8);
    }

    private static Arbitrary<byte[]> deepNesting() {
        return Arbitraries.integers().between(1, 5_000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth),
                "{\"rows\": " + "[".repeat(depth) + "1" + "]".repeat(depth) + "}",
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "{\"rows\": [[" + "{\"x\":".repeat(depth) + "}".repeat(depth) + "]]}")).map(HostileBodyPropertyTest::utf8);
    }

    private static Arbitrary<byte[]> notUtf8() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2_000);
        return Arbitraries.oneOf(
                random,
                // A JSON parser detects UTF-16 and UTF-32 from zero bytes at the start.
                random.map(b -> concat(new byte[] {0, 0, 0}, b)),
                random.map(b -> concat(new byte[] {0, 0, (byte) 0xfe, (byte) 0xff}, b)),
                random.map(b -> concat(utf8("{\"rows\": [[1, 2, "), b)),
                random.map(b -> concat(utf8("1,2,"), b)));
    }

    private static Arbitrary<byte[]> truncated() {
        byte[] good = utf8("{\"rows\": [[1.5, -2e3, 3], [4, 5, 6]]}");
        return Arbitraries.integers().between(1, good.length).map(n -> java.util.Arrays.copyOf(good, n));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
