package dev.vecnet.cli;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failed run removes the output folder it created and the parents it created with it (the default {@code runs/}
 * on a first run), and nothing that existed before or that another run put there.
 */
class OutputFolderRemovalTest {
    @TempDir
    Path dir;

    /** {@code existing} folders deep exist; the default parent lies {@code missing} more folders below. */
    @Property(tries = 30)
    void aDivergedDefaultRunLeavesTheFoldersAsTheyWere(@ForAll @IntRange(max = 3) int existing,
                                                         @ForAll @IntRange(max = 3) int missing) throws IOException {
        Path root = Files.createTempDirectory("out");
        try {
            Path before = root;
            for (int i = 0; i < existing; i++) {
                before = Files.createDirectory(before.resolve("old" + i));
            }
            Path runs = before;
            for (int i = 0; i < missing; i++) {
                runs = runs.resolve("new" + i);
            }
            runs = runs.resolve("runs");
            List<Path> folders = tree(root);
            OutputFolderOption option = new OutputFolderOption();
            Path made = option.create("digits", runs);
            assertTrue(Files.isDirectory(made) && made.getParent().equals(runs));
            assertTrue(option.removeIfCreatedAndEmpty());
            assertEquals(folders, tree(root));
        } finally {
            List<Path> all = tree(root);
            for (int i = all.size() - 1; i >= 0; i--) {
                Files.delete(all.get(i));
            }
        }
    }

    @Test
    void aFirstRunRemovesTheRunsFolderItCreated() throws IOException {
        OutputFolderOption option = new OutputFolderOption();
        option.create("digits", dir.resolve("runs"));
        assertTrue(option.removeIfCreatedAndEmpty());
        assertEquals(List.of(dir), tree(dir));
    }

    @Test
    void aRunsFolderThatAnotherRunWroteIntoMeanwhileStays() throws IOException {
        OutputFolderOption option = new OutputFolderOption();
        Path runs = dir.resolve("runs");
        option.create("digits", runs);
        Path other = new OutputFolderOption().create("iris", runs);
        assertTrue(option.removeIfCreatedAndEmpty());
        assertEquals(List.of(dir, runs, other), tree(dir));
    }

    @Test
    void aGivenFolderIsRemovedWithTheParentsCreatedForIt() throws IOException {
        OutputFolderOption option = new OutputFolderOption();
        option.folder = dir.resolve("a").resolve("b").resolve("c");
        option.create("digits");
        assertTrue(option.removeIfCreatedAndEmpty());
        assertEquals(List.of(dir), tree(dir));
    }

    /** {@code root} and every folder and file below it, sorted. */
    private static List<Path> tree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.sorted(Comparator.naturalOrder()).toList();
        }
    }
}
