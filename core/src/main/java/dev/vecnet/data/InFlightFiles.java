package dev.vecnet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary files being written right now (a {@code FILE.part} or {@code .FILE.tmp} that is renamed over its
 * target when complete), deleted when the JVM shuts down before they are finished: on {@code SIGINT} (Ctrl-C),
 * {@code SIGTERM} or {@code System.exit}, a conversion or prediction stopped halfway leaves no hidden partial file
 * behind, which could be as large as the output. A writer registers the file as it creates it and releases it
 * once the file was renamed or deleted. {@code SIGKILL} and a crash of the JVM run no shutdown hook, so nothing can
 * be done then.
 *
 * <p>The shutdown hook is installed once, on first use. Thread-safe; registering and releasing allocate a set entry.
 */
public final class InFlightFiles {
    private static final Set<Path> FILES = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(InFlightFiles::deleteAll, "vecnet-in-flight-files"));
        } catch (IllegalStateException shuttingDown) {
            // First used while the JVM already shuts down: the writer's own clean-up is all there is.
        }
    }

    private InFlightFiles() {
    }

    /**
     * Marks {@code file} as being written: it is deleted if the JVM shuts down before {@link #release}.
     *
     * @param file the temporary file (it need not exist yet); kept as its absolute path
     */
    public static void register(Path file) {
        FILES.add(file.toAbsolutePath());
    }

    /**
     * Marks {@code file} as finished (renamed into place) or abandoned (deleted): a shutdown leaves it alone.
     *
     * @param file a file given to {@link #register}; releasing another is harmless
     */
    public static void release(Path file) {
        FILES.remove(file.toAbsolutePath());
    }

    /** Deletes every registered file; the shutdown hook. A writer still running may fail on its next write. */
    private static void deleteAll() {
        for (Path file : FILES) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException | RuntimeException e) {
                // Nothing to report to at shutdown; the other files are still worth deleting.
            }
        }
    }
}
