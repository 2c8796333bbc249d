package dev.vecnet.format;

import dev.vecnet.data.DataFileWriter;
import dev.vecnet.data.InFlightFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM stopped by {@code SIGTERM} while it writes a file leaves no temporary file behind: a child JVM starts a
 * write through one of the writers, says so, and waits; {@link Process#destroy()} sends it {@code SIGTERM}.
 */
class InterruptedWriteTest {
    private static final String READY = "writing";

    @TempDir
    Path dir;

    /**
     * @param writer {@code model}: a model file through {@link AtomicFileWriter} ({@code .FILE.*.tmp});
     *               {@code vecdata}: a data file through {@link DataFileWriter} ({@code FILE.part}, as
     *               {@code convert}); {@code registered}: a temporary file created and registered as
     *               {@code predict} does ({@code .FILE*.part})
     */
    @ParameterizedTest
    @ValueSource(strings = {"model", "vecdata", "registered"})
    void sigtermWhileWritingLeavesNoTemporaryFile(String writer) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InterruptedWriteTest.class.getName(), writer, dir.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertEquals(READY, line, "the child's first line");
            assertEquals(1, files().size(), "the temporary file exists while the child writes: " + files());
            child.destroy();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not stop on SIGTERM");
        } finally {
            child.destroyForcibly();
        }
        assertFalse(child.exitValue() == 0, "the child was stopped, not finished");
        assertEquals(List.of(), files(), "files left in the output folder");
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** The child: starts the write named by {@code args[0]} in the folder {@code args[1]}, says so and waits. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "model" -> AtomicFileWriter.write(dir.resolve("model.safetensors"), InterruptedWriteTest::writeAndWait);
            case "vecdata" -> {
                try (DataFileWriter writer = DataFileWriter.forLabels(dir.resolve("data.vecdata"), 4)) {
                    writer.writeLabelled(new float[] {1, 2, 3, 4}, 0, 1);
                    writeAndWait(OutputStream.nullOutputStream());
                }
            }
            case "registered" -> {
                Path temp = Files.createTempFile(dir, ".predictions.csv", ".part");
                InFlightFiles.register(temp);
                writeAndWait(Files.newOutputStream(temp));
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void writeAndWait(OutputStream out) throws IOException {
        out.write(new byte[1000]);
        out.flush();
        System.out.println(READY);
        System.out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
