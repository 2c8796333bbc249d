package dev.vecnet.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error a command-line user can cause reads as command-line text: no line of either stream names a
 * Java class, package or method, and bad values are placed by file, line and column.
 */
class NoJavaInMessagesTest {
    private static final Pattern JAVA = Pattern.compile("java\\.|dev\\.vecnet\\.|picocli\\.|Exception|\\w\\(\\w*\\)|\\tat ");

    @TempDir
    static Path dir;
    static Path model;
    static Path nanInput;
    static Path nanData;

    @BeforeAll
    static void trainOnce() throws IOException {
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", "--data", "iris", "--epochs", "1", "--out", run.toString());
        assertEquals(0, train.status(), train.all());
        model = run.resolve(TrainCommand.MODEL_FILE);
        nanInput = Files.writeString(dir.resolve("nan-input.csv"),
                "a,b,c,d\n5.1,3.5,1.4,0.2\n\n4.9,NaN,1.4,0.2\n");
        nanData = Files.writeString(dir.resolve("nan-data.csv"),
                "a,b,c,d,label\n5.1,3.5,1.4,0.2,0\n4.9,3.0,Infinity,0.2,1\n");
    }

    @Test
    void predictOnANanInputNamesFileLineColumnAndOption() {
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--input", nanInput.toString(), "--output",
                dir.resolve("p.csv").toString());
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains(nanInput + ": line 4, column 2: 'NaN' is not a finite number; --input"), run.all());
        assertNoJava(run);
    }

    @Test
    void trainOnANonFiniteValueNamesFileLineAndColumnWithoutJava() {
        CliRun run = CliRun.of("train", "--data", nanData.toString(), "--out", dir.resolve("never").toString());
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("line 3, column 3"), run.all());
        assertTrue(run.err().contains("fill in or drop the rows with missing values"), run.all());
        assertNoJava(run);
    }

    @Test
    void everyErrorPathReadsAsCommandLineText() throws IOException {
        Path garbage = Files.write(dir.resolve("garbage.safetensors"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Path aFile = Files.writeString(dir.resolve("plain-file"), "x");
        Path text = Files.writeString(dir.resolve("text.csv"), "a,b,c,d\n1,2,x,4\n");
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b,c,d,label\n1,2,3,4,0\n1,2,3\n");
        Path badLabel = Files.writeString(dir.resolve("bad-label.csv"), "a,label\n1,0.5\n");
        String m = model.toString();
        String out = dir.resolve("p.csv").toString();
        List<String[]> commandLines = List.of(
                args("train --optimizer adamax"), args("train --arch 64-128relux-10"), args("train --lr abc"),
                args("train --epochs 0"), args("train --epochs 1e3"), args("train --seed x"),
                args("train --validation-fraction 0.6 --test-fraction 0.5"), args("train --no-such-option"),
                args("train --data " + dir.resolve("missing.csv")), args("train --data " + dir),
                args("train --data " + ragged), args("train --data " + badLabel),
                args("train --data iris --epochs 1 --out " + aFile.resolve("sub")),
                args("evaluate --model " + garbage), args("evaluate --model " + dir.resolve("missing")),
                args("evaluate --model " + dir),
                args("predict --model " + m + " --input " + text + " --output " + out),
                args("predict --model " + m + " --input " + dir.resolve("missing.csv") + " --output " + out),
                args("predict --model " + m + " --input " + nanInput + " --output " + aFile.resolve("x.csv")),
                args("predict --model " + m + " --input " + ragged + " --output " + out),
                args("gradcheck --batch 0"), args("gradcheck --arch 4-x"), args("search --lr-range 1:0.1"),
                args("search --trials 0"), args("search --data iris --optimizer sgd --trials 2 --epochs 2 --lr-range 1e8:1e9 --out "
                        + dir.resolve("search")),
                args("evaluate --model " + m + " --data " + nanData), args("help bogus"),
                args("info --bogus"), args("bogus"), new String[0]);
        List<String> failures = new ArrayList<>();
        for (String[] line : commandLines) {
            CliRun run = CliRun.of(line);
            if (run.status() == 0) {
                failures.add(String.join(" ", line) + ": expected an error\n" + run.all());
            } else if (JAVA.matcher(run.out() + run.err()).find()) {
                failures.add(String.join(" ", line) + ":\n" + run.all());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }

    @Test
    void exceptionClassNamesInWrappedMessagesBecomeWords() {
        assertEquals("cannot create the output folder /a (already exists: /a)",
                UserMessages.of("cannot create the output folder /a (java.nio.file.FileAlreadyExistsException: /a)"));
        assertEquals("cannot read x: permission denied: x",
                UserMessages.of("cannot read x: java.nio.file.AccessDeniedException: x"));
        assertEquals("cannot read x: disk full", UserMessages.of("cannot read x: java.io.IOException: disk full"));
        assertEquals("all 3 trials failed; the first: training diverged at epoch 2",
                UserMessages.of("all 3 trials failed; the first: TrainingDivergedException: training diverged at epoch 2"));
        assertEquals("Error: the file is empty; errors are counted", UserMessages.of("Error: the file is empty; errors are counted"));
        assertEquals("t.safetensors: tensor 'w' element 3 is NaN (the model file holds NaN or infinite weights; "
                        + "train the model again)",
                UserMessages.of("t.safetensors: tensor 'w' element 3 is NaN (allow with LoadOptions.withAllowNonFinite(true))"));
    }

    @Test
    void internalErrorsAreOneLineWithoutJavaNames() {
        String npe = ErrorReporter.internalError(new NullPointerException(
                "Cannot invoke \"String.length()\" because \"s\" is null"), false);
        assertEquals("internal error (run again with --verbose for the stack trace, and report it)", npe);
        String plain = ErrorReporter.internalError(new IllegalStateException("the weights are not initialised"), false);
        assertTrue(plain.startsWith("internal error: the weights are not initialised"), plain);
        assertFalse(JAVA.matcher(npe + plain).find());
        assertNotEquals(npe, ErrorReporter.internalError(new NullPointerException(), true));
    }

    private static void assertNoJava(CliRun run) {
        run.all().lines().forEach(line -> assertFalse(JAVA.matcher(line).find(), "names Java: " + line + "\n" + run.all()));
    }

    private static String[] args(String commandLine) {
        return commandLine.split(" ");
    }
}
