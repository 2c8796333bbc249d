package dev.vecnet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Default output folders are new and distinct; a given --out holding files is refused without --overwrite. */
class OutputFolderTest {
    @TempDir
    Path dir;

    @Test
    void runsInTheSameSecondGetDistinctNewFolders() throws Exception {
        Set<Path> made = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Path>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                runs.add(pool.submit(() -> new OutputFolderOption().createNew(dir, "digits-20261129-183117")));
            }
            for (Future<Path> run : runs) {
                Path folder = run.get();
                assertTrue(Files.isDirectory(folder), folder.toString());
                assertTrue(made.add(folder), "two runs got " + folder);
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(made.contains(dir.resolve("digits-20261129-183117")));
        assertTrue(made.contains(dir.resolve("digits-20261129-183117-2")));
        assertTrue(made.contains(dir.resolve("digits-20261129-183117-16")));
    }

    @Test
    void nonEmptyOutIsRefusedUnlessOverwrite() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Path keep = Files.writeString(out.resolve("notes.txt"), "mine");
        CliRun refused = CliRun.of("train", "--data", "iris", "--epochs", "1", "--out", out.toString());
        assertEquals(ErrorReporter.USAGE, refused.status(), refused.all());
        assertTrue(refused.err().contains(out + " exists and is not empty") && refused.err().contains("--overwrite"),
                refused.all());
        assertEquals(List.of(keep), Files.list(out).toList());

        CliRun overwritten = CliRun.of("train", "--data", "iris", "--epochs", "1", "--out", out.toString(), "--overwrite");
        assertEquals(0, overwritten.status(), overwritten.all());
        assertTrue(Files.isRegularFile(out.resolve(TrainCommand.MODEL_FILE)));
        assertEquals("mine", Files.readString(keep));
    }

    @Test
    void emptyExistingOutIsUsedAndAFileIsRefused() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun run = CliRun.of("train", "--data", "iris", "--epochs", "1", "--out", empty.toString());
        assertEquals(0, run.status(), run.all());
        assertTrue(Files.isRegularFile(empty.resolve(TrainCommand.MODEL_FILE)));

        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRun refused = CliRun.of("search", "--data", "iris", "--trials", "1", "--epochs", "1", "--out", file.toString());
        assertEquals(ErrorReporter.USAGE, refused.status(), refused.all());
        assertTrue(refused.err().contains("is a file, not a folder"), refused.all());
        assertFalse(refused.err().contains("Exception"), refused.all());
    }

    @Test
    void aRunRefusedAfterTheFolderWasMadeLeavesNoEmptyFolder() {
        Path out = dir.resolve("patience");
        CliRun run = CliRun.of("train", "--data", "iris", "--patience", "2", "--validation-fraction", "0",
                "--out", out.toString());
        assertEquals(ErrorReporter.USAGE, run.status(), run.all());
        assertFalse(Files.exists(out), run.all());
    }
}
