package dev.vecnet.examples.serving;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RowParsingTest {
    private final float[] into = new float[4 * 3];

    private int csv(String body) throws RequestException {
        return CsvRows.parse(body.getBytes(StandardCharsets.UTF_8), into, 3, 4);
    }

    private int json(String body) throws RequestException {
        return JsonRows.parse(body.getBytes(StandardCharsets.UTF_8), into, 3, 4);
    }

    private static RequestException refused(int status, Parse parse) {
        RequestException e = assertThrows(RequestException.class, parse::run);
        assertEquals(status, e.status(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    private interface Parse {
        void run() throws RequestException;
    }

    @Test
    void csvRowsWithSpacesCrlfAndAnOptionalLastNewline() throws RequestException {
        assertEquals(2, csv("1, -2.5 ,3e2\r\n.5,5.,-0\r\n"));
        assertArrayEquals(new float[] {1f, -2.5f, 300f, 0.5f, 5f, -0f}, java.util.Arrays.copyOf(into, 6));
        assertEquals(1, csv("7,8,9"));
        assertEquals(9f, into[2]);
    }

    @Test
    void everyFloatReadsBackToItsBitsFromToString() throws RequestException {
        float[] values = {Float.MIN_VALUE, Float.MAX_VALUE, 0.1f, 1.0000001f, -3.4028233E38f, 1.17549435E-38f};
        for (float v : values) {
            csv(v + "," + v + "," + v);
            assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(into[0]), "csv " + v);
            json("{\"rows\": [[" + v + "," + v + "," + v + "]]}");
            assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(into[1]), "json " + v);
        }
    }

    @Test
    void csvRefusesWhatIsNotADecimalNumber() {
        for (String bad : new String[] {"abc", "1f", "2d", "0x1p3", "1e", "+", ".", "1..2", "1,5"}) {
            RequestException e = refused(400, () -> csv("0,0," + bad));
            assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        }
    }

    @Test
    void csvRefusesNonFiniteValuesByName() {
        for (String bad : new String[] {"NaN", "-inf", "Infinity", "1e39", "-4e38"}) {
            RequestException e = refused(400, () -> csv("0,0," + bad));
            assertTrue(e.getMessage().contains("value 3 is " + bad + ": features must be finite"), e.getMessage());
        }
    }

    @Test
    void csvRefusesWrongCountsEmptyLinesAndTooManyRows() {
        assertTrue(refused(400, () -> csv("1,2\n")).getMessage().contains("line 1 has 2 values, the model takes 3"));
        assertTrue(refused(400, () -> csv("1,2,3\n1,2,3,4\n")).getMessage().contains("line 2 has 4 values"));
        assertTrue(refused(400, () -> csv("1,2,3\n\n1,2,3")).getMessage().contains("line 2 is empty"));
        assertTrue(refused(400, () -> csv("\n")).getMessage().contains("no rows"));
        assertTrue(refused(413, () -> csv("1,2,3\n".repeat(5))).getMessage().contains("at most 4 rows"));
    }

    @Test
    void jsonRowsStreamIntoTheBuffer() throws RequestException {
        assertEquals(2, json("{\"rows\": [[1, 2.5, -3e-2], [0, 0, 7]]}"));
        assertArrayEquals(new float[] {1f, 2.5f, -0.03f, 0f, 0f, 7f}, java.util.Arrays.copyOf(into, 6));
    }

    @Test
    void jsonRefusals() {
        assertTrue(refused(400, () -> json("{\"rows\": [[1, 2, 3]")).getMessage().startsWith("malformed JSON"));
        assertTrue(refused(400, () -> json("[[1, 2, 3]]")).getMessage().contains("must be an object"));
        assertTrue(refused(400, () -> json("{\"rows\": [[1, 2, 3]], \"x\": 1}")).getMessage().contains("unknown field 'x'"));
        assertTrue(refused(400, () -> json("{\"rows\": [[1, 2, 3]], \"rows\": [[1, 2, 3]]}")).getMessage().contains("malformed JSON"));
        assertTrue(refused(400, () -> json("{}")).getMessage().contains("no \"rows\""));
        assertTrue(refused(400, () -> json("{\"rows\": []}")).getMessage().contains("is empty"));
        assertTrue(refused(400, () -> json("{\"rows\": [[1, \"2\", 3]]}")).getMessage().contains("rows[0][1] is not a number"));
        assertTrue(refused(400, () -> json("{\"rows\": [[1, 2]]}")).getMessage().contains("rows[0] has 2 values"));
        assertTrue(refused(400, () -> json("{\"rows\": [[1, 2, 3]]} x")).getMessage().contains("malformed JSON"));
        assertTrue(refused(400, () -> json("{\"rows\": [[1, NaN, 3]]}")).getMessage().contains("rows[0][1] is NaN"));
        assertTrue(refused(400, () -> json("{\"rows\": [[1, 2, -Infinity]]}")).getMessage().contains("finite"));
        assertTrue(refused(400, () -> json("{\"rows\": [[1, 2, 1e39]]}")).getMessage().contains("rows[0][2] is 1e39"));
        assertTrue(refused(413, () -> json("{\"rows\": [" + "[1,2,3],".repeat(4) + "[1,2,3]]}")).getMessage().contains("at most 4 rows"));
    }

    @Test
    void jsonOverTheParsersLimitsIsA400ThatNamesTheLimit() {
        String longNumber = "1".repeat(1_001);
        String number = refused(400, () -> json("{\"rows\": [[" + longNumber + ", 2, 3]]}")).getMessage();
        assertTrue(number.toLowerCase(Locale.ROOT).contains("number value length"), number);
        String name = refused(400, () -> json("{\"" + "n".repeat(50_001) + "\": 1}")).getMessage();
        assertTrue(name.toLowerCase(Locale.ROOT).contains("name length"), name);
    }

    @Test
    void csvRefusesAnOverlongNumber() {
        String longNumber = "1".repeat(FeatureValues.MAX_CHARS + 1);
        RequestException e = refused(400, () -> csv("1,2," + longNumber));
        assertTrue(e.getMessage().contains("longer than " + FeatureValues.MAX_CHARS + " characters"), e.getMessage());
    }

    @Test
    void refusalsQuoteAShortEscapedPieceOfTheInput() {
        String hostile = "\u001b[31m\u202e" + "x".repeat(10_000);
        RequestException e = refused(400, () -> csv("1,2," + hostile));
        HostileBodyPropertyTest.assertPrintableShortLine(e.getMessage());
        assertTrue(e.getMessage().contains("\\u001b[31m\\u202exxx"), e.getMessage());
    }

    @Test
    void contentTypes() throws RequestException {
        assertEquals(RowFormat.CSV, RowFormat.of("text/csv"));
        assertEquals(RowFormat.JSON, RowFormat.of("Application/JSON; charset=utf-8"));
        assertEquals(415, assertThrows(RequestException.class, () -> RowFormat.of("text/plain")).status());
        assertEquals(415, assertThrows(RequestException.class, () -> RowFormat.of(null)).status());
    }
}
