package dev.vecnet.cli;

import dev.vecnet.data.MemoryLimits;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * Turns errors into one message and an exit status: usage errors (picocli's parse errors and
 * {@link UsageException}) print the message and a pointer to {@code --help} and exit 2; failures
 * ({@link CommandFailedException}) print the message and exit 1; anything else is reported as an
 * internal error on one line with exit 1, and a heap that ran out ({@link OutOfMemoryError}) as one line saying
 * so and what to try, with exit 1. Messages are printed through {@link TerminalText}, so text from a file cannot
 * reach the terminal raw. Every message goes through {@link UserMessages}, so none names
 * a Java class or method; an internal error whose message still would is shown without it. Stack traces
 * appear only with {@code --verbose}. Not thread-safe.
 */
final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {
    /** Exit status of a failure. */
    public static final int FAILURE = 1;
    /** Exit status of a usage error. */
    public static final int USAGE = 2;

    private final VecnetCommand root;

    /** A reporter that reads {@code --verbose} from {@code root}. */
    ErrorReporter(VecnetCommand root) {
        this.root = root;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + message(e));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        OutOfMemoryError outOfMemory = outOfMemoryBehind(e);
        if (outOfMemory != null) {
            return outOfMemory(err, name, outOfMemory);
        }
        int status;
        if (e instanceof UsageException) {
            err.println(name + ": " + message(e));
            err.println("Run '" + name + " --help' for the options.");
            status = USAGE;
        } else if (e instanceof CommandFailedException) {
            err.println(name + ": " + message(e));
            status = FAILURE;
        } else {
            err.println(name + ": " + internalError(e, root.verbose()));
            status = FAILURE;
        }
        if (root.verbose()) {
            e.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    /**
     * Reports that the heap ran out, on one line naming the heap's maximum and what to try, and returns the
     * failure status. The memory the failed command held is unreachable by now, so printing has room again.
     *
     * @param err  where the line goes
     * @param name the command that ran out, e.g. {@code vecnet train}
     * @param e    the error, printed as a stack trace only with {@code --verbose}
     * @return {@link #FAILURE}
     */
    int outOfMemory(PrintWriter err, String name, OutOfMemoryError e) {
        err.println(name + ": out of memory: the JVM's maximum heap of " + MemoryLimits.format(Runtime.getRuntime()
                .maxMemory()) + " was not enough; give Java more memory (e.g. JAVA_TOOL_OPTIONS=-Xmx8g) or use smaller "
                + "inputs (a smaller --arch, batch or data set)");
        if (root.verbose()) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    /** The heap running out behind {@code e} (on another thread, wrapped by a task), or null. */
    private static OutOfMemoryError outOfMemoryBehind(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OutOfMemoryError outOfMemory) {
                return outOfMemory;
            }
        }
        return null;
    }

    /**
     * An exception's message as the one line a user reads: library hints rewritten ({@link UserMessages}), and
     * terminal-safe ({@link TerminalText#line}), since messages quote names and text from files.
     */
    static String message(Throwable e) {
        return TerminalText.line(UserMessages.of(e.getMessage()));
    }

    /** The one line for an exception the command did not expect: its message when it reads as plain words. */
    static String internalError(Throwable e, boolean verbose) {
        String detail = message(e).strip();
        String line = "internal error" + (detail.isEmpty() || UserMessages.namesJava(detail) ? "" : ": " + detail);
        return line + (verbose ? " (stack trace below)" : " (run again with --verbose for the stack trace, and report it)");
    }
}
