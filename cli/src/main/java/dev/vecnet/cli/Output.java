package dev.vecnet.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where a command writes: results to {@code out}, progress and errors to {@code err}, and whether
 * {@code err} is an interactive terminal (then progress is a bar redrawn in place with carriage returns;
 * otherwise plain lines, so logs and captured output stay clean).
 *
 * @param out         results: tables, accuracies, paths written
 * @param err         progress bars, warnings, error messages
 * @param interactive whether progress may redraw a line in place
 */
public record Output(PrintWriter out, PrintWriter err, boolean interactive) {
    /** The environment variable that overrides the progress display: {@code auto}, {@code always} or {@code never}. */
    public static final String PROGRESS_VARIABLE = "VECNET_PROGRESS";

    /**
     * Standard output and error, interactive when standard error is a terminal or when {@link #PROGRESS_VARIABLE}
     * says {@code always} (see {@link #progressBar}). An unknown value of the variable is reported on standard
     * error once and read as {@code auto}.
     */
    public static Output system() {
        PrintWriter err = new PrintWriter(System.err, true);
        String setting = System.getenv(PROGRESS_VARIABLE);
        if (setting != null && !setting.isBlank()
                && !List.of("auto", "always", "never").contains(setting.strip().toLowerCase(Locale.ROOT))) {
            err.println("vecnet: " + PROGRESS_VARIABLE + "=" + setting + " is not one of auto, always, never; using auto");
        }
        return new Output(new PrintWriter(System.out, true), err, progressBar(setting, standardErrorTarget(), isTerminal()));
    }

    /**
     * Whether progress is drawn as a bar: {@code always} and {@code never} decide by themselves; otherwise
     * ({@code auto}, unset, unknown) the bar is drawn when standard error is a terminal device.
     *
     * @param setting         the value of {@link #PROGRESS_VARIABLE}, or null when unset
     * @param stderrTarget    what standard error is connected to (the target of {@code /proc/self/fd/2}), or null
     *                        where that cannot be read (no {@code /proc}, as on macOS and Windows)
     * @param consoleTerminal whether the JVM reports a terminal ({@link #isTerminal()}), used when
     *                        {@code stderrTarget} is null
     */
    static boolean progressBar(String setting, Path stderrTarget, boolean consoleTerminal) {
        String mode = setting == null ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
        if (mode.equals("always")) {
            return true;
        }
        if (mode.equals("never")) {
            return false;
        }
        return stderrTarget == null ? consoleTerminal : isTerminalDevice(stderrTarget);
    }

    /** Whether {@code device} names a terminal: a pseudo-terminal {@code /dev/pts/N}, {@code /dev/tty*} or the console. */
    static boolean isTerminalDevice(Path device) {
        String name = device.toString();
        return name.startsWith("/dev/pts/") || name.startsWith("/dev/tty") || name.equals("/dev/console");
    }

    /** The file standard error writes to, read from {@code /proc/self/fd/2} (Linux), or null where unknown. */
    static Path standardErrorTarget() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            return Files.isSymbolicLink(fd) ? Files.readSymbolicLink(fd) : null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /**
     * Whether this JVM talks to a terminal; the fallback where {@code /proc} is missing. {@code System.console()}
     * is null when a stream is redirected up to JDK 21; from JDK 22 it may return a console for redirected
     * streams too, and {@code Console.isTerminal()} (looked up reflectively, since the code targets Java 17) tells
     * the difference.
     */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;   // JDK 21 or older: a console exists only for a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;  // cannot tell: plain lines are safe anywhere
        }
    }
}
