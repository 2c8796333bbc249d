package dev.vecnet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The top-level {@code vecnet} command: holds the options every subcommand inherits ({@code --verbose}) and,
 * called without a subcommand, fails as a usage error listing them. Not thread-safe.
 */
@Command(name = "vecnet", mixinStandardHelpOptions = true, versionProvider = VecnetVersion.class,
        description = "Train, evaluate and serve fully-connected neural networks on the CPU.",
        footer = {"", "Exit status: 0 success, 1 failure (missing file, diverged training, failed check), 2 usage error.",
                "Run 'vecnet COMMAND --help' for a command's options."})
public final class VecnetCommand implements Callable<Integer> {

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show the stack trace behind an error.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** Whether {@code --verbose} was given to this command or a subcommand. */
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
