package dev.vecnet.format;

import dev.vecnet.data.InFlightFiles;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file atomically: the content goes to a temporary file in the same directory, which is
 * flushed to disk ({@link FileChannel#force}) and then renamed over the target ({@code ATOMIC_MOVE},
 * or {@code REPLACE_EXISTING} where the file system cannot move atomically). If anything fails before
 * the rename, the temporary file is deleted and the target is left as it was; when the JVM shuts down
 * meanwhile (a signal), {@link InFlightFiles} deletes it. Stateless; thread-safe for different targets.
 */
final class AtomicFileWriter {
    /** Writes a file's content; may throw to abandon the write. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes everything to {@code out} (do not close it).
         *
         * @param out the temporary file's buffered stream; do not close it
         * @throws IOException to abandon the write; the target is then left as it was
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFileWriter() {
    }

    /**
     * Writes {@code content} to {@code target}, replacing it atomically.
     *
     * @param target the file to create or replace; its directory must exist
     * @param content writes the new content
     * @throws IOException if content throws or the file cannot be written, flushed or renamed; the target is then
     *         left as it was (and the temporary file deleted)
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        InFlightFiles.register(tmp);
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            try {
                if (!done) {
                    Files.deleteIfExists(tmp);
                }
            } finally {
                InFlightFiles.release(tmp);
            }
        }
        syncDirectory(dir);
    }

    /** Makes the rename durable where the platform allows opening a directory (not on Windows). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort: the file itself is already on disk.
        }
    }
}
