package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The CSV number path against {@link Float#parseFloat} and an independent statement of the grammar (a regular
 * expression): every number of the grammar is read to the float bits {@code parseFloat} gives, by the training
 * path ({@code CsvReader.readRows}: fast path and fallback) and by the prediction path
 * ({@link CsvReader#readNumbers}); every other field is refused with file, line and column. Generators cover
 * non-ASCII bytes, control characters, Java literals that {@code parseFloat} accepts, byte-order marks, numbers
 * of thousands of digits and long lines.
 *
 * <p>Each property runs jqwik's tries (fast enough for every build); {@code -Dvecnet.fuzz.tries=100000} (given
 * to Maven, or in {@code -Dvecnet.test.jvmArgs}) runs that many instead.
 */
@AddLifecycleHook(CsvNumberFuzzTest.TriesFromSystemProperty.class)
class CsvNumberFuzzTest {
    /** The grammar of docs/data.md, written independently of the parser. */
    private static final Pattern GRAMMAR = Pattern.compile(
            "[ \\t]*[+-]?(NaN|Infinity|(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?)[ \\t]*");
    private static final String BOM = "\uFEFF";

    /** Sets the tries of every property of the class from the system property {@code vecnet.fuzz.tries}. */
    static final class TriesFromSystemProperty implements AroundPropertyHook {
        @Override
        public PropagationMode propagateTo() {
            // Added on the class, the hook must reach its properties.
            return PropagationMode.ALL_DESCENDANTS;
        }

        @Override
        public int aroundPropertyProximity() {
            // Outside the hooks that run the tries, which read the attributes.
            return -20;
        }

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            String tries = System.getProperty("vecnet.fuzz.tries");
            if (tries != null && !tries.isBlank()) {
                context.attributes().setTries(Integer.parseInt(tries.trim()));
            }
            return property.execute();
        }
    }

    @Property
    void numbersOfTheGrammarReadAsParseFloatReadsThem(@ForAll("numbers") String field) throws IOException {
        assertTrue(GRAMMAR.matcher(field).matches(), field);
        int expected = Float.floatToRawIntBits(Float.parseFloat(field));
        Dataset training = CsvLoader.lastColumnLabel().allowNonFinite()
                .load(stream("x,label\n" + field + ",0\n"), "f.csv");
        assertEquals(expected, Float.floatToRawIntBits(training.features()[0]), field);
        float[] predicted = readNumbers("1," + field + "\n", 2);
        assertEquals(expected, Float.floatToRawIntBits(predicted[1]), field);
    }

    @Property
    void everyOtherFieldIsRefusedWithFileLineAndColumn(@ForAll("notNumbers") String field) throws IOException {
        Assume.that(!GRAMMAR.matcher(field).matches());
        String training = assertThrows(DataFormatException.class, () -> CsvLoader.lastColumnLabel().allowNonFinite()
                .load(stream("x,y,label\n1,2,0\n3," + field + ",1\n"), "f.csv")).getMessage();
        assertTrue(training.startsWith("f.csv: line 3, column 2: '"), training);
        assertTrue(training.length() < 300, training);
        CsvReader reader = new CsvReader(stream("1,2\n3," + field + "\n"), "p.csv");
        assertTrue(reader.nextRecord() && reader.nextRecord());
        assertFalse(reader.isNumberRow(), field);
        String prediction = assertThrows(DataFormatException.class, () -> reader.readNumbers(new float[2], 0, -1))
                .getMessage();
        assertTrue(prediction.startsWith("p.csv: line 2, column 2: '"), prediction);
    }

    @Property(tries = 200)
    void aByteOrderMarkAtTheStartIsSkipped(@ForAll @Size(min = 1, max = 6) List<@IntRange(max = 9) Integer> labels)
            throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int label : labels) {
            rows.append(label).append(',').append(label * 0.5f).append('\n');
        }
        Dataset plain = CsvLoader.labelColumn("label").load(stream("label,x\n" + rows), "f.csv");
        Dataset marked = CsvLoader.labelColumn("label").load(stream(BOM + "label,x\n" + rows), "f.csv");
        assertArrayEquals(plain.features(), marked.features());
        assertArrayEquals(plain.labels(), marked.labels());
        CsvReader headerless = new CsvReader(stream(BOM + rows), "p.csv");
        assertTrue(headerless.nextRecord());
        assertTrue(headerless.isNumberRow(), "the first row of a headerless file is numbers");
        int count = 1;
        while (headerless.nextRecord()) {
            count++;
        }
        assertEquals(labels.size(), count);
        // Only at the start: inside a field it is an error like any other non-ASCII character.
        assertThrows(DataFormatException.class,
                () -> CsvLoader.labelColumn("label").load(stream("label,x\n" + BOM + rows), "f.csv"));
    }

    @Property(tries = 50)
    void longLinesAndManyFieldsReadAsShortOnes(@ForAll @IntRange(min = 1, max = 300_000) int padding,
                                               @ForAll @IntRange(min = 1, max = 5_000) int fields,
                                               @ForAll("numbers") String field) throws IOException {
        String blanks = " \t".repeat(padding / 2) + " ".repeat(padding % 2);
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < fields; c++) {
            line.append(c == fields / 2 ? blanks + field + blanks : String.valueOf(c)).append(',');
        }
        line.append("0\n");
        Dataset data = CsvLoader.lastColumnLabel().allowNonFinite()
                .load(stream("h".repeat(fields).replace("h", "h,") + "label\n" + line + line), "f.csv");
        assertEquals(2, data.size());
        assertEquals(Float.floatToRawIntBits(Float.parseFloat(field)),
                Float.floatToRawIntBits(data.features()[fields + fields / 2]), field);
    }

    @Example
    void aLineOfTheLongestLengthIsReadAndALongerOneRefusedWithItsNumber() throws IOException {
        Path file = Files.createTempFile("long", ".csv");
        try {
            for (String end : new String[] {"\n", "\r\n"}) {
                assertLongestLineReadAndLongerRefused(file, end);
            }
        } finally {
            Files.delete(file);
        }
    }

    private static void assertLongestLineReadAndLongerRefused(Path file, String end) throws IOException {
        String longest = " ".repeat(CsvReader.MAX_LINE_BYTES - 3) + "1,0";
        writeLines(file, end, longest);
        assertEquals(1f, CsvLoader.lastColumnLabel().load(file).features()[1]);
        writeLines(file, end, " " + longest);
        String message = assertThrows(DataFormatException.class, () -> CsvLoader.lastColumnLabel().load(file))
                .getMessage();
        assertTrue(message.startsWith(file + ": line 3, column 1: line longer than " + CsvReader.MAX_LINE_BYTES
                + " bytes"), message);
    }

    /** Writes the header {@code x,label}, one short row, the given line and one more short row. */
    private static void writeLines(Path file, String end, String line) throws IOException {
        Files.writeString(file, "x,label" + end + "2,1" + end + line + end + "3,1" + end, StandardCharsets.US_ASCII);
    }

    /** The values of the first line of {@code text} as the prediction path reads them. */
    private static float[] readNumbers(String text, int width) throws IOException {
        CsvReader reader = new CsvReader(stream(text), "p.csv");
        assertTrue(reader.nextRecord());
        assertTrue(reader.isNumberRow(), text);
        assertEquals(width, reader.fieldCount());
        float[] values = new float[width];
        reader.readNumbers(values, 0, -1);
        return values;
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<String> blank = Arbitraries.strings().withChars(' ', '\t').ofMaxLength(3);
        Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        Arbitrary<String> digits = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(12),
                Arbitraries.strings().numeric().ofMinLength(1000).ofMaxLength(5000),
                Arbitraries.strings().withChars('0').ofMinLength(40).ofMaxLength(400).map(z -> z + "1"));
        Arbitrary<String> fraction = Combinators.combine(Arbitraries.of("", "."), digits)
                .as((point, f) -> point.isEmpty() ? "" : point + f);
        Arbitrary<String> exponent = Combinators.combine(Arbitraries.of("", "e", "E", "e-", "e+", "E-"),
                Arbitraries.oneOf(Arbitraries.integers().between(0, 60).map(String::valueOf),
                        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12)))
                .as((e, n) -> e.isEmpty() ? "" : e + n);
        Arbitrary<String> decimal = Combinators.combine(digits, fraction, exponent).as((i, f, e) -> i + f + e)
                .filter(t -> t.matches("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?"));
        Arbitrary<String> printed = Arbitraries.floats().map(String::valueOf)
                .filter(t -> !t.startsWith("-"));
        Arbitrary<String> body = Arbitraries.frequencyOf(
                Tuple.of(6, decimal), Tuple.of(3, printed), Tuple.of(1, Arbitraries.of("NaN", "Infinity")));
        return Combinators.combine(blank, sign, body, blank).as((a, s, b, z) -> a + s + b + z);
    }

    @Provide
    Arbitrary<String> notNumbers() {
        Arbitrary<Character> odd = Arbitraries.oneOf(
                Arbitraries.of('\u2212', '\u00b0', '\u00a0', '\ufeff', '\u00e9', '\u0660', '\uff11', '\u2009',
                        '\u00ad', '\u200b', '\ud83d', '\u00b2'),
                Arbitraries.chars().range('\u0000', '\u001f').filter(c -> c != '\n' && c != '\r'),
                Arbitraries.chars().range('\u0080', '\uffff'),
                Arbitraries.of('f', 'F', 'd', 'D', 'x', 'p', 'e', '.', '+', '-', ' ', '_', '\'', '"', '\u007f'));
        Arbitrary<String> inserted = Combinators.combine(numbers(), odd, Arbitraries.integers().between(0, 10_000))
                .as((n, c, at) -> {
                    int k = at % (n.length() + 1);
                    return n.substring(0, k) + c + n.substring(k);
                });
        Arbitrary<String> literals = Arbitraries.of("0x1p3", "0X1.8P1", "1f", "2.5d", "1e5F", "nan", "NAN", "inf",
                "-inf", "infinity", "+-1", "1e", ".", "", " ", "1 2", "1.2.3", "0b101", "1_000", "١٢", "\u22121.5",
                "2.0\u00b0", BOM + "1", "1" + BOM);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(20);
        return Arbitraries.oneOf(inserted, literals, anything)
                .filter(t -> t.indexOf(',') < 0 && t.indexOf('\n') < 0 && !t.endsWith("\r"));
    }
}
