package dev.vecnet.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When progress is a bar: standard error on a terminal, whatever standard output is, unless overridden. */
class OutputTest {
    private static final Path PTY = Path.of("/dev/pts/3");
    private static final Path LOG = Path.of("/home/me/train.log");
    private static final Path PIPE = Path.of("pipe:[48213]");

    @Test
    void autoDrawsTheBarExactlyWhenStandardErrorIsATerminal() {
        for (String auto : new String[] {null, "", "auto", " AUTO ", "sometimes"}) {
            assertTrue(Output.progressBar(auto, PTY, false), "stderr on a pty, stdout redirected: " + auto);
            assertTrue(Output.progressBar(auto, Path.of("/dev/tty1"), false), auto);
            assertFalse(Output.progressBar(auto, LOG, true), "stderr to a file: " + auto);
            assertFalse(Output.progressBar(auto, PIPE, true), "stderr to a pipe: " + auto);
            assertFalse(Output.progressBar(auto, Path.of("/dev/null"), true), auto);
        }
    }

    @Test
    void withoutProcTheConsoleDecides() {
        assertTrue(Output.progressBar("auto", null, true));
        assertFalse(Output.progressBar(null, null, false));
    }

    @Test
    void alwaysAndNeverOverrideTheTerminalCheck() {
        assertTrue(Output.progressBar("always", LOG, false));
        assertTrue(Output.progressBar("Always", null, false));
        assertFalse(Output.progressBar("never", PTY, true));
        assertFalse(Output.progressBar("NEVER", null, true));
    }

    @Test
    void standardErrorOfATestRunIsReadWhereProcExists() {
        Path target = Output.standardErrorTarget();
        if (Files.isDirectory(Path.of("/proc/self/fd"))) {
            assertTrue(target != null, "readable on Linux");
        }
    }
}
