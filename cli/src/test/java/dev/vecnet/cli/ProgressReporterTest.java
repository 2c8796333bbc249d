package dev.vecnet.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressReporterTest {

    @Test
    void plainModeWritesLinesWithoutCarriageReturns() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (ProgressReporter progress = ProgressReporter.start(output(out, err, false), "train", 10, "batches")) {
            for (int i = 0; i < 10; i++) {
                progress.advance(1);
                progress.println("row " + i);
            }
        }
        assertFalse(out.toString().contains("\r"));
        assertFalse(err.toString().contains("\r"));
        assertEquals(10, out.toString().lines().count());
        assertTrue(err.toString().matches("train: 100% \\(10/10 batches\\), [0-9.]+ batches/s, elapsed 0:00, ETA 0:00\\R"),
                err.toString());
    }

    @Test
    void terminalModeRedrawsABarAndClearsItForLines() throws InterruptedException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (ProgressReporter progress = ProgressReporter.start(output(out, err, true), "search", 4, "trials")) {
            Thread.sleep(120);
            progress.advance(2);
            progress.println("a line");
        }
        assertTrue(err.toString().contains("\r[" + "=".repeat(15) + ">"), err.toString());
        assertTrue(err.toString().contains("search:  50% (2/4 trials)"), err.toString());
        assertTrue(err.toString().endsWith("\r\u001b[K"), "the bar is cleared at the end");
        assertEquals("a line" + System.lineSeparator(), out.toString());
    }

    @Test
    void formatsDurations() {
        assertEquals("0:05", ProgressReporter.duration(5.4));
        assertEquals("2:03", ProgressReporter.duration(123));
        assertEquals("1:01:01", ProgressReporter.duration(3661));
    }

    private static Output output(StringWriter out, StringWriter err, boolean interactive) {
        return new Output(new PrintWriter(out), new PrintWriter(err), interactive);
    }
}
