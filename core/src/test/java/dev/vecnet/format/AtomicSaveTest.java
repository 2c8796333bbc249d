package dev.vecnet.format;

import dev.vecnet.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A save that fails part-way leaves the previous file as it was and no temporary file behind. */
class AtomicSaveTest {

    /** Passes {@code limit} bytes through, then throws, as a full disk or a crash would cut a write short. */
    private static final class FailingStream extends FilterOutputStream {
        private long left;

        FailingStream(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (left-- <= 0) {
                throw new IOException("simulated failure");
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }

    @Test
    void failedSaveKeepsOldFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("model.safetensors");
        Network old = TestNetworks.random(1);
        ModelFile.save(path, old);
        byte[] before = Files.readAllBytes(path);
        Network other = TestNetworks.random(2);
        int size = ModelFile.toBytes(other, SaveOptions.defaults()).length;
        for (long cut : new long[] {0, 1, 8, 20, size / 2, size - 1}) {
            IOException e = assertThrows(IOException.class,
                    () -> ModelFile.save(path, other, SaveOptions.defaults(), out -> new FailingStream(out, cut)));
            assertEquals("simulated failure", e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(path), "cut at " + cut);
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(1, files.count(), "a temporary file was left behind after a cut at " + cut);
            }
        }
        ModelFile.save(path, other);
        assertArrayEquals(ModelFile.toBytes(other, SaveOptions.defaults()), Files.readAllBytes(path));
        assertEquals(other.spec(), ModelFile.load(path).network().spec());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    /** The helper format implementations write with: replaces a file whole, and leaves no temporary file behind. */
    @Test
    void formatsWriteAtomicallyThroughTheSharedHelper(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.write(file, new byte[] {1, 2, 3});
        byte[] bytes = new byte[100_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        ModelFormat.writeAtomically(file, bytes);
        assertArrayEquals(bytes, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "a temporary file was left behind");
        }
        assertThrows(IOException.class, () -> ModelFormat.writeAtomically(dir.resolve("missing").resolve("m.onnx"), bytes));
    }
}
