package dev.vecnet.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Creates output folders and writes text files, turning I/O errors into messages naming the path. Stateless. */
final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * Creates {@code dir} and its parents when missing, and returns {@code dir} as given.
     *
     * @throws CommandFailedException naming the folder when it cannot be created
     */
    public static Path createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            return dir;   // as given: createDirectories may return it made absolute, which reads worse in messages
        } catch (IOException e) {
            throw new CommandFailedException("cannot create the output folder " + dir + " (" + reason(e)
                + "); choose another with --out", e);
        }
    }

    /**
     * Writes {@code content} as UTF-8, creating or replacing the file.
     *
     * @throws CommandFailedException naming the file when it cannot be written
     */
    public static void writeString(Path file, CharSequence content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw failedToWrite(file, e);
        }
    }

    /** The error for a file that could not be written. */
    public static CommandFailedException failedToWrite(Path file, IOException cause) {
        return new CommandFailedException("cannot write " + file + " (" + reason(cause) + ")", cause);
    }

    /** Why an I/O operation failed, in words a user reads (never the name of an exception class). */
    public static String reason(IOException e) {
        String kind = kind(e);
        if (kind != null) {
            return kind + ": " + ((FileSystemException) e).getFile();
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + (fs.getFile() == null ? "" : ": " + fs.getFile());
        }
        return e.getMessage() != null ? e.getMessage() : "input/output error";
    }

    /**
     * The kind of a file-system failure whose exception carries only a path, in words ("permission
     * denied", "no such file or folder", ...), or null for any other failure. The one place the command line
     * turns these exception types into words; callers add the path when they do not name it themselves.
     */
    static String kind(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        return null;
    }
}
