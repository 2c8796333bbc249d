package dev.vecnet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run whose loss explodes stops with one clear message, epochs counted from 1, and leaves no empty folder. */
class TrainDivergenceTest {
    @TempDir
    Path dir;

    @Test
    void adamWithAHugeRateStopsOnAnExplodedFiniteLoss() {
        Path out = dir.resolve("adam");
        CliRun run = CliRun.of("train", "--data", "iris", "--lr", "1e9", "--epochs", "3", "--out", out.toString());
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("training diverged at epoch 1, step "), run.all());
        assertTrue(run.err().contains("exceeds 100 times the reference loss"), run.all());
        assertFalse(run.err().contains("diverged: training diverged"), run.all());
        assertFalse(run.out().contains("test accuracy"), run.all());
        assertFalse(Files.exists(out), "no empty output folder is left: " + run.all());
        assertTrue(run.err().contains("was removed"), run.all());
    }

    @Test
    void sgdDivergenceNamesEpochsFromOneAndKeepsAGivenFolder() throws IOException {
        Path out = Files.createDirectories(dir.resolve("given"));
        CliRun run = CliRun.of("train", "--data", "iris", "--optimizer", "sgd", "--lr", "1e30", "--epochs", "3",
                "--out", out.toString());
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("training diverged at epoch 1, step "), run.all());
        assertFalse(run.err().contains("epoch 0"), run.all());
        assertFalse(run.err().contains("diverged: training diverged"), run.all());
        assertTrue(Files.isDirectory(out), "a folder that existed before stays");
        try (var files = Files.list(out)) {
            assertEquals(0, files.count());
        }
    }
}
