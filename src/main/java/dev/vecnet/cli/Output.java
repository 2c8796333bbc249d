package dev.vecnet.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;

/**
 * Where a command writes: results to {@code out}, progress and errors to {@code err}, and whether
 * {@code err} is an interactive terminal (then progress is a bar redrawn in place with carriage returns;
 * otherwise plain lines, so logs and captured output stay clean).
 *
 * @param out         results: tables, accuracies, paths written
 * @param err         progress bars, warnings, error messages
 * @param interactive whether progress may redraw a line in place
 */
record Output(PrintWriter out, PrintWriter err, boolean interactive) {

    /** Standard output and error, interactive when the JVM has a terminal. */
    public static Output system() {
        return new Output(new PrintWriter(System.out, true), new PrintWriter(System.err, true), isTerminal());
    }

    /**
     * Whether this JVM talks to a terminal. {@code System.console()} is null when a stream is redirected up to
     * JDK 21; from JDK 22 it may return a console for redirected streams too, and {@code Console.isTerminal()}
     * (looked up reflectively, since the code targets Java 17) tells the difference.
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
