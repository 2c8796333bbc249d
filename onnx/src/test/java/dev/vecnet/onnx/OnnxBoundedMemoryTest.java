package dev.vecnet.onnx;

import dev.vecnet.format.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile files imported in a JVM of 256 MB of heap ({@link ImportProbe}): each is refused with one
 * ModelFormatException naming what it is, before the import runs out of memory. The files are tens of megabytes
 * that would each take gigabytes once parsed or expanded, made here on the fly.
 */
class OnnxBoundedMemoryTest {
    private static final List<String> SMALL_HEAP = List.of("-Xmx256m");

    @TempDir
    Path dir;

    /** Runs the import of {@code file} at 256 MB and returns its one line of outcome. */
    private String importAtSmallHeap(Path file) throws IOException, InterruptedException {
        CommandLineRun run = CommandLineRun.java(dir, SMALL_HEAP, ImportProbe.class.getName(), file.toString());
        run.assertSucceeded();
        String outcome = run.out().strip();
        assertTrue(outcome.lines().count() == 1 && outcome.length() < 1000, outcome);
        return outcome;
    }

    private void assertRefused(Path file, String... fragments) throws IOException, InterruptedException {
        String outcome = importAtSmallHeap(file);
        assertTrue(outcome.startsWith("refused ONNX "), outcome);
        for (String fragment : fragments) {
            assertTrue(outcome.contains(fragment), () -> "'" + fragment + "' missing from: " + outcome);
        }
    }

    @Test
    void millionsOfEmptyNodesAreRefusedWhileCounting() throws Exception {
        // 40 MB: 20 million nodes of 2 bytes each, ~100 bytes each once parsed.
        Path file = HostileFiles.emptyNodes(dir.resolve("nodes.onnx"), 20_000_000);
        assertRefused(file, "more than " + OnnxImporter.MAX_NODES + " nodes");
    }

    @Test
    void packedInt64FieldIsRefusedBeforeItIsParsed() throws Exception {
        // 60 MB: 60 million int64 values of 1 byte each, 8 bytes each once parsed.
        Path file = HostileFiles.packedInt64(dir.resolve("int64.onnx"), 60_000_000);
        assertRefused(file, "Java heap", "-Xmx");
    }

    @Test
    void fileLargerThanTheHeapIsRefusedBeforeItIsRead() throws Exception {
        Path file = dir.resolve("huge.onnx");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(300_000_000L);   // sparse: no disk space used
        }
        assertRefused(file, "Java heap", "300 MB");
    }

    @Test
    void scalarConstantIsNotExpandedPastTheModelWidthLimit() throws Exception {
        Path file = Files.write(dir.resolve("wide.onnx"), HostileFiles.scalarStandardisation(1L << 26));
        assertTrue(Files.size(file) < 200);
        assertRefused(file, "more than " + ModelFile.MAX_WIDTH + " features");
    }

    @Test
    void widestStandardisationImportsOrIsRefusedWithoutRunningOutOfMemory() throws Exception {
        // At the limit the three vectors of the standardisation take 192 MB: they fit, or the budget says so.
        Path file = Files.write(dir.resolve("widest.onnx"), HostileFiles.scalarStandardisation(ModelFile.MAX_WIDTH));
        String outcome = importAtSmallHeap(file);
        assertTrue(outcome.equals("imported " + ModelFile.MAX_WIDTH + " " + ModelFile.MAX_WIDTH)
                || outcome.startsWith("refused ONNX import needs more than"), outcome);
    }

    @Test
    void commandLineImportSaysWhatIsWrongInItsOwnWords() throws Exception {
        Path file = Files.write(dir.resolve("deep.onnx"), HostileFiles.deeplyNested(40));
        CommandLineRun run = CommandLineRun.java(dir, SMALL_HEAP, "dev.vecnet.cli.Main", "import", file.toString(),
                "--out", dir.resolve("m.safetensors").toString());
        assertTrue(run.status() != 0, run.out());
        assertTrue(run.err().contains("nests messages more than " + WireScan.MAX_DEPTH + " deep"), run.err());
        // Neither protobuf's advice (which names its API) nor a stack trace reaches the user.
        assertTrue(!run.err().contains("setRecursionLimit") && !run.err().contains("CodedInputStream")
                && !run.err().contains("\tat "), run.err());
    }
}
