package dev.vecnet.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CSV text that train, evaluate, convert and predict read alike: numbers with a character outside ASCII are
 * errors with file, line and column in every command; a UTF-8 byte-order mark is skipped before a header and
 * before a headerless first row; a line over the longest length is one line of error.
 */
class CsvTextInputTest {
    private static final String BOM = "\uFEFF";
    private static final int ROWS = 60;

    @TempDir
    static Path dir;
    static String model;

    @BeforeAll
    static void train() throws IOException {
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", "--data", rows("train.csv", "label,x0,x1", "").toString(), "--epochs", "2",
                "--out", run.toString());
        assertEquals(0, train.status(), train.all());
        model = run.resolve(TrainCommand.MODEL_FILE).toString();
    }

    /** ROWS rows {@code label,x0,x1} of three classes, after {@code header} (null: none) and {@code prefix}. */
    private static Path rows(String name, String header, String prefix) throws IOException {
        StringBuilder text = new StringBuilder(prefix);
        if (header != null) {
            text.append(header).append('\n');
        }
        for (int i = 0; i < ROWS; i++) {
            int label = i % 3;
            text.append(label).append(',').append(label + 0.1f * (i % 5)).append(',').append(-label - 0.2f * (i % 3))
                    .append('\n');
        }
        return Files.writeString(dir.resolve(name), text);
    }

    private static CliRun predict(Path input, Path output, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("predict", "--model", model, "--input", input.toString(),
                "--output", output.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderDoesNotHideTheLabelColumn() throws IOException {
        CliRun run = CliRun.of("train", "--data", rows("bom.csv", "label,x0,x1", BOM).toString(), "--epochs", "1",
                "--out", dir.resolve("bom-run").toString());
        assertEquals(0, run.status(), run.all());
        assertTrue(run.out().contains("2 features, 3 classes"), run.out());
        CliRun evaluate = CliRun.of("evaluate", "--model", model, "--data", dir.resolve("bom.csv").toString());
        assertEquals(0, evaluate.status(), evaluate.all());
    }

    @Test
    void aByteOrderMarkBeforeAHeaderlessFileGivesOnePredictionPerRow() throws IOException {
        Path plain = dir.resolve("plain-out.csv");
        Path marked = dir.resolve("marked-out.csv");
        CliRun withoutMark = predict(rows("plain.csv", null, ""), plain, "--label", "1");
        CliRun withMark = predict(rows("marked.csv", null, BOM), marked, "--label", "1");
        assertEquals(0, withoutMark.status(), withoutMark.all());
        assertEquals(0, withMark.status(), withMark.all());
        assertEquals(ROWS + 1, Files.readAllLines(marked).size(), "a header and one prediction per row");
        assertEquals(Files.readString(plain), Files.readString(marked));
    }

    @Test
    void aNonAsciiCharacterInANumberIsAnErrorInEveryCommand() throws IOException {
        for (String bad : new String[] {"\u22121.5", "2.0\u00b0", "1\u00a0", "\u0661"}) {
            Path data = rows("odd.csv", "label,x0,x1", "");
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(data));
            lines.set(5, "1," + bad + ",0.5");
            Files.write(data, lines);
            String where = data + ": line 6, column 2: '" + bad.strip() + "' is not a number";
            CliRun train = CliRun.of("train", "--data", data.toString(), "--epochs", "1", "--out",
                    dir.resolve("odd-run").toString());
            assertEquals(ErrorReporter.FAILURE, train.status(), train.all());
            assertTrue(train.err().contains(where), bad + ": " + train.all());
            CliRun evaluate = CliRun.of("evaluate", "--model", model, "--data", data.toString());
            assertTrue(evaluate.err().contains(where), bad + ": " + evaluate.all());
            CliRun convert = CliRun.of("convert", data.toString(), "--out", dir.resolve("odd.vecdata").toString());
            assertTrue(convert.err().contains(where), bad + ": " + convert.all());
            CliRun predict = predict(data, dir.resolve("odd-out.csv"));
            assertEquals(ErrorReporter.FAILURE, predict.status(), predict.all());
            assertTrue(predict.err().contains(where), bad + ": " + predict.all());
        }
    }

    @Test
    void anOverlongLineIsRefusedInOneLineWhilePredicting() throws IOException {
        Path input = dir.resolve("long.csv");
        Files.writeString(input, "1,2\n" + "7".repeat(dev.vecnet.data.CsvReader.MAX_LINE_BYTES + 1) + "\n3,4\n");
        Path output = dir.resolve("long-out.csv");
        CliRun run = predict(input, output);
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains(input + ": line 2, column 1: line longer than "
                + dev.vecnet.data.CsvReader.MAX_LINE_BYTES + " bytes"), run.all());
        assertEquals(1, run.err().strip().lines().count(), run.all());
        assertFalse(Files.exists(output), run.all());
    }

    @Test
    void headerNamesInMessagesAreCutAndEscaped() throws IOException {
        String longName = "x".repeat(100_000);
        Path data = rows("names.csv", "label,be\u0007ll," + longName, "");
        CliRun run = CliRun.of("train", "--data", data.toString(), "--label", "nope", "--epochs", "1", "--out",
                dir.resolve("names-run").toString());
        assertEquals(ErrorReporter.USAGE, run.status(), run.all());
        assertTrue(run.err().contains("its 3 columns are label, be\\u0007ll, xxx"), run.all());
        assertFalse(run.err().contains("\u0007"), run.all());
        assertTrue(run.err().length() < 600, run.err().length() + " characters of error");
    }
}
