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
 * unexpected error with exit 1. Stack traces appear only with {@code --verbose}. Not thread-safe.
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
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
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
            err.println(name + ": " + e.getMessage());
            err.println("Run '" + name + " --help' for the options.");
            status = USAGE;
        } else if (e instanceof CommandFailedException) {
            err.println(name + ": " + e.getMessage());
            status = FAILURE;
        } else {
            err.println(name + ": unexpected error: " + e + (root.verbose() ? "" : " (run with --verbose for details)"));
            status = FAILURE;
        }
        if (root.verbose()) {
            e.printStackTrace(err);
        }
        err.flush();
        return status;
    }
}
