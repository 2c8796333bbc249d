package dev.vecnet.cli;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Datasets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** predict on an iris model: empty input, batch sizes, label columns, bad values and a large input. */
class PredictCommandTest {
    @TempDir
    static Path dir;
    static String model;
    static Dataset iris;

    @BeforeAll
    static void train() {
        Path run = dir.resolve("iris");
        CliRun train = CliRun.of("train", "--data", "iris", "--epochs", "20", "--out", run.toString());
        assertEquals(0, train.status(), train.all());
        model = run.resolve(TrainCommand.MODEL_FILE).toString();
        iris = Datasets.iris();
    }

    private static CliRun predict(Path input, Path output, String... extra) {
        String[] args = {"predict", "--model", model, "--input", input.toString(), "--output", output.toString()};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return CliRun.of(all);
    }

    /** Iris rows {@code 0 .. rows-1} (cycling), features then label, after {@code header} when not null. */
    private static Path irisCsv(String name, String header, int rows) throws IOException {
        Path file = dir.resolve(name);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            if (header != null) {
                out.write(header + "\n");
            }
            for (int i = 0; i < rows; i++) {
                int row = i % iris.size();
                for (int j = 0; j < 4; j++) {
                    out.write(iris.features()[row * 4 + j] + ",");
                }
                out.write(iris.labels()[row] + "\n");
            }
        }
        return file;
    }

    @Test
    void anInputWithoutExamplesIsRefusedAndNoOutputIsWritten() throws IOException {
        for (String content : List.of("", "a,b,c,d\n", "\n\n")) {
            Path input = Files.writeString(dir.resolve("empty.csv"), content);
            Path output = dir.resolve("empty-out.csv");
            CliRun run = predict(input, output);
            assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
            assertTrue(run.err().contains("empty.csv: no examples to predict"), run.all());
            assertFalse(Files.exists(output), run.all());
        }
    }

    @Test
    void everyBatchSizeWritesTheSameRows() throws IOException {
        Path input = irisCsv("batches.csv", "a,b,c,d,label", 150);
        String reference = null;
        for (String batch : List.of("1", "7", "150", "65536")) {
            Path output = dir.resolve("batch" + batch + ".csv");
            CliRun run = predict(input, output, "--batch-size", batch);
            assertEquals(0, run.status(), run.all());
            String content = Files.readString(output);
            assertEquals(151, content.lines().count());
            if (reference == null) {
                reference = content;
            }
            assertEquals(reference, content, "--batch-size " + batch);
        }
        for (String bad : List.of("0", "65537")) {
            CliRun run = predict(input, dir.resolve("bad.csv"), "--batch-size", bad);
            assertEquals(ErrorReporter.USAGE, run.status(), run.all());
            assertTrue(run.err().contains("--batch-size must be from 1 to 65536, was " + bad), run.all());
        }
    }

    @Test
    void labelDropsTheNamedOrNumberedColumn() throws IOException {
        Path defaultLabel = dir.resolve("default.csv");
        assertEquals(0, predict(irisCsv("labelled.csv", "a,b,c,d,label", 30), defaultLabel).status());
        String expected = Files.readString(defaultLabel);

        Path named = dir.resolve("named.csv");
        CliRun byName = predict(irisCsv("species.csv", "a,b,c,d,species", 30), named, "--label", "species");
        assertEquals(0, byName.status(), byName.all());
        assertEquals(expected, Files.readString(named));

        Path numbered = dir.resolve("numbered.csv");
        CliRun byNumber = predict(irisCsv("noheader.csv", null, 30), numbered, "--label", "5");
        assertEquals(0, byNumber.status(), byNumber.all());
        assertEquals(expected, Files.readString(numbered));

        CliRun withoutLabel = predict(irisCsv("noheader.csv", null, 30), dir.resolve("x.csv"));
        assertEquals(ErrorReporter.FAILURE, withoutLabel.status(), withoutLabel.all());
        assertTrue(withoutLabel.err().contains("line 1 has 5 features but the model takes 4")
                && withoutLabel.err().contains("--label"), withoutLabel.all());

        CliRun unknown = predict(irisCsv("species.csv", "a,b,c,d,species", 30), dir.resolve("x.csv"), "--label", "kind");
        assertEquals(ErrorReporter.USAGE, unknown.status(), unknown.all());
        assertTrue(unknown.err().contains("no column named 'kind'"), unknown.all());
    }

    @Test
    void aBadRowAfterManyBatchesLeavesNoPartialOutputAndTheOldFileAsItWas() throws IOException {
        Path good = irisCsv("late-bad.csv", "a,b,c,d,label", 1000);
        Files.writeString(good, "5.0,oops,1.4,0.2,0\n", java.nio.file.StandardOpenOption.APPEND);
        Path output = Files.writeString(dir.resolve("late-bad-out.csv"), "old predictions\n");
        CliRun run = predict(good, output, "--batch-size", "16");
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("late-bad.csv: line 1002, column 2: 'oops' is not a number"), run.all());
        assertEquals("old predictions\n", Files.readString(output), "the old output is untouched");
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".part")), "no temporary file is left");
        }
    }

    @Test
    void aNonFiniteFeatureNamesFileLineAndColumnNotJava() throws IOException {
        Path input = Files.writeString(dir.resolve("nan.csv"), "a,b,c,d\n5.1,3.5,1.4,0.2\n5.0,NaN,1.4,0.2\n");
        CliRun run = predict(input, dir.resolve("nan-out.csv"));
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("nan.csv: line 3, column 2: 'NaN' is not a finite number"), run.all());
        assertFalse(run.err().contains("Exception") || run.err().contains("java."), run.all());
    }

    /**
     * 100,000 rows: every row is written, with probabilities that sum to 1 and the predicted class their
     * largest. How fast is measured, not tested: the figures are in docs/cli.md; the digits of each value are
     * checked by ScoreFormatTest.
     */
    @Test
    void writesOneHundredThousandRowsCorrectly() throws IOException {
        int rows = 100_000;
        Path input = irisCsv("large.csv", "a,b,c,d,label", rows);
        Path output = dir.resolve("large-out.csv");
        CliRun run = predict(input, output);
        assertEquals(0, run.status(), run.all());

        int correct = 0;
        try (BufferedReader in = Files.newBufferedReader(output)) {
            assertEquals("predicted,p0,p1,p2", in.readLine());
            String line;
            int i = 0;
            for (; (line = in.readLine()) != null; i++) {
                String[] fields = line.split(",");
                assertEquals(4, fields.length, line);
                int predicted = Integer.parseInt(fields[0]);
                double sum = 0;
                int argmax = 0;
                for (int c = 0; c < 3; c++) {
                    double p = Double.parseDouble(fields[1 + c]);
                    sum += p;
                    argmax = p > Double.parseDouble(fields[1 + argmax]) ? c : argmax;
                }
                assertEquals(1.0, sum, 1e-4, line);
                assertEquals(argmax, predicted, line);
                correct += predicted == iris.labels()[i % iris.size()] ? 1 : 0;
            }
            assertEquals(rows, i);
        }
        assertTrue(correct > 0.8 * rows, correct + " of " + rows);
    }
}
