package dev.vecnet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every error gives one message naming the culprit, no stack trace, and the documented exit status. */
class CommandErrorsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "train --optimizer adamax | --optimizer | 'adamax'",
            "train --loss mse | --loss | 'mse'",
            "train --init kaiming | --init | 'kaiming'",
            "train --schedule linear | --schedule | 'linear'",
            "train --arch 64-128relux-10 | architecture | '128relux'",
            "train --arch 32-128relu-10 | --arch starts with 32 | start the spec with 64",
            "train --arch 64-128relu-3 | --arch ends with 3 | end the spec with 10",
            "train --lr abc | --lr | 'abc'",
            "train --lr -1 | --lr must be | -1",
            "train --epochs 0 | --epochs must be | 0",
            "train --batch-size 0 | --batch-size | 0",
            "train --momentum 1.5 --optimizer momentum | --momentum | 1.5",
            "train --l2 -0.1 | --l2 | -0.1",
            "train --validation-fraction 0.6 --test-fraction 0.5 | --validation-fraction | --test-fraction",
            "train --no-such-option | --no-such-option | Unknown option",
            "search --lr-range 1:0.1 | --lr-range | '1:0.1'",
            "gradcheck --batch 0 | --batch must be | 0",
            "evaluate --data digits | --model | Missing required option",
            "bogus | bogus | Unmatched argument",
    })
    void usageErrorsExitWithTwoAndNameTheCulprit(String commandLine, String culprit, String detail) {
        CliRun run = CliRun.of(args(commandLine));
        assertEquals(ErrorReporter.USAGE, run.status(), run.all());
        assertTrue(run.err().contains(culprit), run.all());
        assertTrue(run.err().contains(detail), run.all());
        assertTrue(run.err().contains("--help"), run.all());
        assertFalse(run.err().contains("\tat "), run.all());
    }

    @Test
    void usageErrorsLeaveNoOutputFolderBehind() {
        Path out = dir.resolve("never");
        assertEquals(ErrorReporter.USAGE, CliRun.of("train", "--optimizer", "momentum", "--momentum", "1.5", "--out",
                out.toString()).status());
        assertEquals(ErrorReporter.USAGE, CliRun.of("search", "--optimizer", "adam", "--beta1", "1", "--out",
                out.toString()).status());
        assertFalse(java.nio.file.Files.exists(out));
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.of();
        assertEquals(ErrorReporter.USAGE, run.status(), run.all());
        assertTrue(run.err().contains("missing command"), run.all());
    }

    @Test
    void missingDataFileFailsWithOneNamingIt() {
        Path missing = dir.resolve("nope.csv");
        CliRun run = CliRun.of("train", "--data", missing.toString(), "--out", dir.resolve("out").toString());
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("data file not found: " + missing.toAbsolutePath()), run.all());
        assertTrue(run.err().contains("digits, iris, breast-cancer"), run.all());
        assertFalse(run.err().contains("\tat "), run.all());
    }

    @Test
    void missingModelFileFailsWithOneNamingIt() {
        Path missing = dir.resolve("model.safetensors");
        CliRun evaluate = CliRun.of("evaluate", "--model", missing.toString());
        CliRun predict = CliRun.of("predict", "--model", missing.toString(), "--input", "in.csv", "--output", "out.csv");
        for (CliRun run : List.of(evaluate, predict)) {
            assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
            assertTrue(run.err().contains("model file not found: " + missing.toAbsolutePath()), run.all());
        }
    }

    @Test
    void malformedDataNamesFileAndLine() throws Exception {
        Path csv = java.nio.file.Files.writeString(dir.resolve("bad.csv"), "a,b,label\n1,2,0\n3,x,1\n");
        CliRun run = CliRun.of("train", "--data", csv.toString(), "--out", dir.resolve("out").toString());
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("bad.csv") && run.err().contains("line 3"), run.all());
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun run = CliRun.of("evaluate", "--verbose", "--model", dir.resolve("none.safetensors").toString());
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("\tat "), run.all());
    }

    private static String[] args(String commandLine) {
        return commandLine.trim().split("\\s+");
    }
}
