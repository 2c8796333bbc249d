package dev.vecnet.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The {@code --out} and {@code --overwrite} options of commands that write files: the folder given, or a new
 * one under {@code runs/} named after the run and the time. A default folder is created atomically
 * ({@link Files#createDirectory}), with a suffix {@code -2}, {@code -3}, ... when another run took the name in
 * the same second, so two runs never share one. A given folder that exists and is not empty is refused
 * unless {@code --overwrite}. Filled in by picocli; not thread-safe.
 */
public final class OutputFolderOption {
    /** Suffixes tried for a default folder before giving up. */
    private static final int MAX_SUFFIX = 1000;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (created if needed; refused when it exists and is not empty, unless "
                    + "--overwrite). Default: a new folder under runs/ named after the command's data and the time "
                    + "(train: runs/<data>-<date>-<time>, search: runs/search-<data>-<date>-<time>), with -2, -3, ... "
                    + "appended when that name is taken.")
    Path folder;

    @Option(names = "--overwrite",
            description = "Write into an --out folder that already holds files, replacing those of the same name.")
    boolean overwrite;

    /** The folder this option created, or null when it used one that existed. */
    private Path created;
    /**
     * The outermost folder created with it (absolute): {@link #created} itself, or a parent that was missing too,
     * such as {@code runs/} on a first run.
     */
    private Path createdTop;

    /**
     * Creates the output folder: {@code --out}, or a new {@code runs/<name>-<yyyyMMdd-HHmmss>[-N]} in the
     * working folder.
     *
     * @throws UsageException         when {@code --out} exists and is not an empty folder (without
     *                                {@code --overwrite})
     * @throws CommandFailedException when it cannot be created
     */
    public Path create(String name) {
        return create(name, Path.of("runs"));
    }

    /** As {@link #create(String)}, with the folder of default output folders given ({@code runs} there). */
    Path create(String name, Path runs) {
        if (folder != null) {
            return createGiven(folder);
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path missing = outermostMissing(runs);
        Path dir = createNew(OutputFiles.createDirectory(runs), name + "-" + stamp);
        createdTop = missing != null ? missing : createdTop;
        return dir;
    }

    /** Creates a new folder {@code parent/base}, or {@code parent/base-N} with the least free N >= 2. */
    Path createNew(Path parent, String base) {
        for (int n = 1; n <= MAX_SUFFIX; n++) {
            Path dir = parent.resolve(n == 1 ? base : base + "-" + n);
            try {
                Files.createDirectory(dir);
                created = dir;
                createdTop = dir.toAbsolutePath();
                return dir;
            } catch (FileAlreadyExistsException e) {
                // another run took this name in the same second: try the next suffix
            } catch (IOException e) {
                throw cannotCreate(dir, e);
            }
        }
        throw new CommandFailedException("cannot create a new output folder " + parent.resolve(base)
                + ": the names up to -" + MAX_SUFFIX + " are taken; choose one with --out");
    }

    private Path createGiven(Path dir) {
        if (Files.isDirectory(dir)) {
            if (!overwrite && !isEmpty(dir)) {
                throw new UsageException("the output folder " + dir + " exists and is not empty; choose another "
                        + "--out, or add --overwrite to replace its files");
            }
            return dir;
        }
        if (Files.exists(dir)) {
            throw new UsageException("--out " + dir + " is a file, not a folder; choose another --out");
        }
        Path missing = outermostMissing(dir);
        OutputFiles.createDirectory(dir);
        created = dir;
        createdTop = missing;
        return dir;
    }

    /** The outermost of {@code dir} and its parents that does not exist (absolute), or null when {@code dir} exists. */
    private static Path outermostMissing(Path dir) {
        Path missing = dir.toAbsolutePath();
        if (Files.exists(missing)) {
            return null;
        }
        while (missing.getParent() != null && !Files.exists(missing.getParent())) {
            missing = missing.getParent();
        }
        return missing;
    }

    /**
     * Removes the folder again when this option created it and nothing was written into it (as after a failed
     * run), and so the parents it created with it ({@code runs/} on a first run) while they are empty; a folder
     * that existed before, or holds files, stays. Quiet: a failure leaves the folder.
     *
     * @return true when the folder was removed
     */
    public boolean removeIfCreatedAndEmpty() {
        if (created == null || !isEmpty(created)) {
            return false;
        }
        Path dir = created.toAbsolutePath();
        try {
            Files.delete(dir);
            // Another run may have put its folder into a parent meanwhile: then the parent is not empty and stays.
            while (!dir.equals(createdTop) && dir.getParent() != null && isEmpty(dir.getParent())) {
                dir = dir.getParent();
                Files.delete(dir);
            }
        } catch (IOException | CommandFailedException e) {
            return !Files.exists(created);
        }
        return true;
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            throw cannotCreate(dir, e);
        }
    }

    private static CommandFailedException cannotCreate(Path dir, IOException e) {
        return new CommandFailedException("cannot use the output folder " + dir + " (" + OutputFiles.reason(e)
                + "); choose another with --out", e);
    }
}
