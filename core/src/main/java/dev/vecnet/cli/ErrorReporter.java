package dev.vecnet.cli;

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
 * internal error on one line with exit 1. Every message goes through {@link UserMessages}, so none names
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
        err.println(command.getCommandSpec().qualifiedName() + ": " + UserMessages.of(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        int status;
        if (e instanceof UsageException) {
            err.println(name + ": " + UserMessages.of(e.getMessage()));
            err.println("Run '" + name + " --help' for the options.");
            status = USAGE;
        } else if (e instanceof CommandFailedException) {
            err.println(name + ": " + UserMessages.of(e.getMessage()));
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

    /** The one line for an exception the command did not expect: its message when it reads as plain words. */
    static String internalError(Throwable e, boolean verbose) {
        String detail = UserMessages.of(e.getMessage()).strip();
        String line = "internal error" + (detail.isEmpty() || UserMessages.namesJava(detail) ? "" : ": " + detail);
        return line + (verbose ? " (stack trace below)" : " (run again with --verbose for the stack trace, and report it)");
    }
}
