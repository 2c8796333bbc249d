package dev.vecnet.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The {@code --out} option of commands that write files: the folder given, or a new one under {@code runs/}
 * named after the run and the time. Filled in by picocli; not thread-safe.
 */
final class OutputFolderOption {

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (created if needed). Default: a new folder runs/<data>-<date>-<time>.")
    Path folder;

    /**
     * Creates the output folder: {@code --out}, or {@code runs/<name>-<yyyyMMdd-HHmmss>} in the working folder.
     *
     * @throws CommandFailedException when it cannot be created
     */
    public Path create(String name) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return OutputFiles.createDirectory(folder != null ? folder : Path.of("runs", name + "-" + stamp));
    }
}
