package dev.vecnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of the {@code vecnet} command line: {@code train}, {@code evaluate}, {@code predict},
 * {@code gradcheck}, {@code search}, {@code info}, {@code import}, {@code export} and {@code convert}, and {@code help [COMMAND]}
 * for {@code [COMMAND] --help}.
 * See {@code docs/cli.md}.
 *
 * <p>Exit status: 0 success, 1 failure (also when the heap runs out), 2 usage error.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command line on standard output and error and exits with its status.
     *
     * @param args the command and its options, e.g. {@code train --data wine.csv}; see {@code vecnet --help}
     */
    public static void main(String[] args) {
        System.exit(run(Output.system(), args));
    }

    /**
     * Runs one command line. Writes only to {@code output}; does not exit.
     *
     * @param output where the command writes
     * @param args   the command and its options, as on the command line
     * @return the exit status: 0 success, 1 failure, 2 usage error
     */
    public static int run(Output output, String... args) {
        VecnetCommand root = new VecnetCommand();
        CommandLine cli = new CommandLine(root)
                .addSubcommand(new TrainCommand(output))
                .addSubcommand(new EvaluateCommand(output))
                .addSubcommand(new PredictCommand(output))
                .addSubcommand(new GradcheckCommand(output))
                .addSubcommand(new SearchCommand(output))
                .addSubcommand(new InfoCommand(output))
                .addSubcommand(new ImportCommand(output))
                .addSubcommand(new ExportCommand(output))
                .addSubcommand(new ConvertCommand(output))
                .addSubcommand(new CommandLine.HelpCommand());   // 'vecnet help [COMMAND]', as --help
        return execute(output, root, cli, args);
    }

    /**
     * Runs {@code args} on {@code cli}, a command line whose top-level command is {@code root}, writing to
     * {@code output} with the command line's error reporting (as {@link #run}, for another launcher's commands).
     *
     * @return the exit status: 0 success, 1 failure, 2 usage error
     */
    public static int execute(Output output, VecnetCommand root, CommandLine cli, String... args) {
        ErrorReporter errors = new ErrorReporter(root);
        cli.setOut(output.out());
        cli.setErr(output.err());
        cli.setUsageHelpAutoWidth(true);
        cli.setParameterExceptionHandler(errors);
        cli.setExecutionExceptionHandler(errors);
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // An Error passes picocli's handlers; the last line of defence against a trace a user cannot act on.
            ParseResult parsed = cli.getParseResult();
            while (parsed != null && parsed.subcommand() != null) {
                parsed = parsed.subcommand();
            }
            String name = (parsed == null ? cli.getCommandSpec() : parsed.commandSpec()).qualifiedName();
            return errors.outOfMemory(output.err(), name, e);
        }
    }
}
