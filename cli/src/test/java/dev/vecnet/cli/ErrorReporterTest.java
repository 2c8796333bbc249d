package dev.vecnet.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever a failing command's message holds, the error report is terminal-safe lines of bounded length. */
class ErrorReporterTest {

    /** Messages as a hostile file could make them: escape sequences, line breaks, bidi overrides, any length. */
    @Provide
    Arbitrary<String> messages() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(3000);
        Arbitrary<String> hostile = Arbitraries.strings()
                .withChars('\u001b', '\u009b', '\n', '\r', '\t', '\b', '\u202e', '\u2028', '[', '2', 'J', 'x', ' ')
                .ofMaxLength(3000);
        return Arbitraries.oneOf(any, hostile);
    }

    @Property(tries = 300)
    void failuresPrintOneSafeLine(@ForAll("messages") String message) {
        assertSafeLines(run(CommandFailedException::new, message), 1);
    }

    @Property(tries = 300)
    void usageErrorsPrintTheMessageAndTheHelpPointerSafely(@ForAll("messages") String message) {
        assertSafeLines(run(UsageException::new, message), 2);
    }

    @Property(tries = 300)
    void internalErrorsPrintOneSafeLine(@ForAll("messages") String message) {
        assertSafeLines(run(IllegalStateException::new, message), 1);
    }

    @Test
    void anEscapeSequenceInAMessageIsShownEscaped() {
        String err = run(CommandFailedException::new, "bad name '\u001b]0;owned\u0007'");
        assertTrue(err.contains("bad name '\\u001b]0;owned\\u0007'"), err);
    }

    @Test
    void runningOutOfMemoryIsOneLineSayingWhatToTry() {
        StringWriter err = new StringWriter();
        VecnetCommand root = new VecnetCommand();
        CommandLine cli = new CommandLine(root).addSubcommand(new Exhausting());
        int status = Main.execute(new Output(new PrintWriter(new StringWriter()), new PrintWriter(err, true), false),
                root, cli, "exhaust");
        assertEquals(ErrorReporter.FAILURE, status);
        String text = err.toString();
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("vecnet exhaust: out of memory"), text);
        assertTrue(text.contains("-Xmx"), text);
        assertFalse(text.contains("\tat "), text);
    }

    @Test
    void runningOutOfMemoryOnAnotherThreadIsTheSameOneLine() {
        String err = run(message -> new IllegalStateException(message, new OutOfMemoryError("Java heap space")),
                "a search trial failed");
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("vecnet fail: out of memory") && err.contains("-Xmx"), err);
    }

    /** The standard error of a command that throws {@code make.apply(message)}. */
    private static String run(Function<String, RuntimeException> make, String message) {
        StringWriter err = new StringWriter();
        VecnetCommand root = new VecnetCommand();
        CommandLine cli = new CommandLine(root).addSubcommand(new Failing(make.apply(message)));
        int status = Main.execute(new Output(new PrintWriter(new StringWriter()), new PrintWriter(err, true), false),
                root, cli, "fail");
        assertTrue(status == ErrorReporter.FAILURE || status == ErrorReporter.USAGE);
        return err.toString();
    }

    private static void assertSafeLines(String err, int lines) {
        String[] split = err.split("\n", -1);
        assertEquals(lines + 1, split.length, "lines, each ending in one newline: " + err);
        assertEquals("", split[lines]);
        for (int i = 0; i < lines; i++) {
            String line = split[i];
            assertTrue(line.length() <= 100 + TerminalText.LINE_CHARS, "length " + line.length());
            line.codePoints().forEach(c -> assertFalse(Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.SURROGATE, "U+" + Integer.toHexString(c)));
        }
    }

    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        private final RuntimeException failure;

        Failing(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            throw failure;
        }
    }

    @Command(name = "exhaust")
    static final class Exhausting implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }
}
