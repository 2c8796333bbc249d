package dev.vecnet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing the label column with --label, and the checks that the chosen column holds usable classes. */
class LabelColumnTest {
    private static final int ROWS = 120;

    @TempDir
    Path dir;

    /**
     * A CSV of ROWS examples of three classes (0..2 plus {@code labelOffset}), with header {@code header}; each
     * row is {@code x0, label, x1, code}: two float features that separate the classes, the label in the second
     * column and an integer feature {@code code} with one distinct value per row in the last.
     */
    private Path csv(String name, String header, int labelOffset) throws IOException {
        return write(name, header, i -> {
            int label = i % 3;
            return (label + 0.1f * (i % 7)) + "," + (label + labelOffset) + "," + (2 * label - 0.05f * (i % 5)) + ","
                    + (1000 + i);
        });
    }

    private Path write(String name, String header, IntFunction<String> row) throws IOException {
        StringBuilder text = new StringBuilder(header).append('\n');
        for (int i = 0; i < ROWS; i++) {
            text.append(row.apply(i)).append('\n');
        }
        return Files.writeString(dir.resolve(name), text);
    }

    private CliRun train(Path data, String... extra) {
        String[] args = {"train", "--data", data.toString(), "--epochs", "1", "--out", dir.resolve("run" + System.nanoTime()).toString()};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return CliRun.of(all);
    }

    @Test
    void aHeaderColumnNamedLabelIsTheLabelWhereverItIs() throws IOException {
        CliRun run = train(csv("named.csv", "x0,label,x1,code", 0));
        assertEquals(0, run.status(), run.all());
        assertTrue(run.out().contains("3 features, 3 classes"), run.out());
    }

    @Test
    void labelChoosesTheColumnByNameOrNumber() throws IOException {
        Path data = csv("chosen.csv", "x0,y,x1,code", 0);
        for (String label : new String[] {"y", "2", "Y"}) {
            CliRun run = train(data, "--label", label);
            assertEquals(0, run.status(), label + ": " + run.all());
            assertTrue(run.out().contains("3 features, 3 classes"), run.out());
        }
    }

    @Test
    void aLastColumnThatLooksLikeAFeatureIsRefusedWithTheNumbersAndAHint() throws IOException {
        CliRun run = train(csv("nolabel.csv", "x0,y,x1,code", 0));
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("nolabel.csv") && run.err().contains("column 4 'code'")
                && run.err().contains("no column is named 'label'"), run.all());
        assertTrue(run.err().contains(ROWS + " distinct values in " + ROWS + " rows"), run.all());
        assertTrue(run.err().contains("--label"), run.all());
    }

    @Test
    void aManyValuedLabelColumnTrainsWhenNamedWithLabel() throws IOException {
        Path data = write("many.csv", "x0,x1,label", i -> i + "," + (i % 3) + "," + (i % 40));
        CliRun refused = train(data);
        assertEquals(ErrorReporter.FAILURE, refused.status(), refused.all());
        assertTrue(refused.err().contains("40 distinct values in 120 rows"), refused.all());
        CliRun insisted = train(data, "--label", "label", "--validation-fraction", "0", "--test-fraction", "0");
        assertEquals(0, insisted.status(), insisted.all());
        assertTrue(insisted.out().contains("40 classes"), insisted.out());
    }

    @Test
    void nonIntegerLabelsNameFileLineColumnAndHintAtLabel() throws IOException {
        Path data = write("first.csv", "alcohol,x1,cls", i -> (12.5f + 0.01f * i) + "," + i + "," + (i % 2));
        CliRun run = train(data, "--label", "1");
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("first.csv: line 2, column 1: label '12.5'"), run.all());
        assertTrue(run.err().contains("column 1 'alcohol' (chosen with --label)"), run.all());
        assertTrue(run.err().contains("--label NAME|INDEX"), run.all());
        assertEquals(0, train(data, "--label", "cls").status());
    }

    @Test
    void labelsWithAnEmptyClassAreRefusedAndTheFixIsNamed() throws IOException {
        CliRun run = train(csv("wine.csv", "x0,label,x1,code", 1));
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("wine.csv") && run.err().contains("column 2 'label'"), run.all());
        assertTrue(run.err().contains("labels up to 3 but no example of class 0"), run.all());
        assertTrue(run.err().contains("Renumber the labels from 0"), run.all());
    }

    @Test
    void fewerThanTwoClassesAreRefused() throws IOException {
        CliRun run = train(write("single.csv", "a,b,label", i -> i + "," + (i * 2) + ",4"));
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("single.csv") && run.err().contains("only class 4 in its 120 rows")
                && run.err().contains("at least 2 classes"), run.all());
    }

    @Test
    void aLabelThatNamesNoColumnIsAUsageErrorListingTheColumns() throws IOException {
        Path data = csv("cols.csv", "x0,y,x1,code", 0);
        CliRun byName = train(data, "--label", "class");
        assertEquals(ErrorReporter.USAGE, byName.status(), byName.all());
        assertTrue(byName.err().contains("no column named 'class'") && byName.err().contains("x0, y, x1, code"),
                byName.all());
        CliRun byNumber = train(data, "--label", "5");
        assertEquals(ErrorReporter.USAGE, byNumber.status(), byNumber.all());
        assertTrue(byNumber.err().contains("from 1 to 4"), byNumber.all());
        CliRun shipped = CliRun.of("train", "--data", "iris", "--label", "1");
        assertEquals(ErrorReporter.USAGE, shipped.status(), shipped.all());
    }

    @Test
    void evaluateReadsTheChosenLabelAndRefusesLabelsBeyondTheModel() throws IOException {
        Path data = csv("eval.csv", "x0,y,x1,code", 0);
        Path out = dir.resolve("evalrun");
        CliRun train = CliRun.of("train", "--data", data.toString(), "--label", "y", "--epochs", "5", "--out", out.toString());
        assertEquals(0, train.status(), train.all());
        String model = out.resolve(TrainCommand.MODEL_FILE).toString();
        assertTrue(train.out().contains("--data " + data + " --label y --seed 42"), train.out());
        CliRun evaluate = CliRun.of("evaluate", "--model", model, "--data", data.toString(), "--label", "y");
        assertEquals(0, evaluate.status(), evaluate.all());
        assertTrue(evaluate.out().contains("test part, 24 examples"), evaluate.out());

        Path shifted = csv("shifted.csv", "x0,y,x1,code", 1);
        CliRun beyond = CliRun.of("evaluate", "--model", model, "--data", shifted.toString(), "--label", "y",
                "--split", "all");
        assertEquals(ErrorReporter.USAGE, beyond.status(), beyond.all());
        assertTrue(beyond.err().contains("labels up to 3 but the model has 3 classes"), beyond.all());
    }

    @Test
    void dataTooSmallForTheSplitIsRefusedWithTheNumbers() throws IOException {
        Path six = Files.writeString(dir.resolve("six.csv"), "a,b,label\n1,2,0\n1,3,0\n1,4,0\n2,2,1\n2,3,1\n2,4,1\n");
        CliRun run = train(six);
        assertEquals(ErrorReporter.USAGE, run.status(), run.all());
        assertTrue(run.err().contains("6 examples, too few for --validation-fraction 0.2 and --test-fraction 0.2"),
                run.all());
        assertTrue(run.err().contains("4 training, 0 validation and 2 test examples"), run.all());
        assertFalse(run.out().contains("NaN"), run.all());

        CliRun oneRow = train(Files.writeString(dir.resolve("one.csv"), "a,b,label\n1,2,0\n"));
        assertEquals(ErrorReporter.FAILURE, oneRow.status(), oneRow.all());
        assertTrue(oneRow.err().contains("in its 1 row;"), oneRow.all());

        CliRun twoRows = train(Files.writeString(dir.resolve("two.csv"), "a,b,label\n1,2,0\n2,1,1\n"),
                "--test-fraction", "0");
        assertEquals(ErrorReporter.USAGE, twoRows.status(), twoRows.all());
        assertTrue(twoRows.err().contains("2 examples, too few") && twoRows.err().contains("2 training, 0 validation"),
                twoRows.all());
    }

    @Test
    void aTestPartIsMissingOnlyWhenTestFractionIsZero() throws IOException {
        Path data = csv("notest.csv", "x0,label,x1,code", 0);
        CliRun none = train(data, "--test-fraction", "0");
        assertEquals(0, none.status(), none.all());
        assertTrue(none.out().contains("no test part (--test-fraction 0)"), none.out());
        CliRun tiny = train(data, "--test-fraction", "0.001");
        assertEquals(ErrorReporter.USAGE, tiny.status(), tiny.all());
        assertTrue(tiny.err().contains("--test-fraction 0.001") && tiny.err().contains("and 0 test examples"), tiny.all());
    }
}
