package dev.vecnet.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 'vecnet help [COMMAND]' prints what '[COMMAND] --help' prints; help texts name what the commands do. */
class HelpCommandTest {

    @Test
    void helpIsAnAliasOfTheHelpOption() {
        CliRun help = CliRun.of("help");
        assertEquals(0, help.status(), help.all());
        assertEquals(CliRun.of("--help").out(), help.out());
        assertTrue(help.out().contains("train"), help.out());
    }

    @Test
    void helpOfACommandIsThatCommandsHelp() {
        for (String command : new String[] {"train", "evaluate", "predict", "gradcheck", "search", "info"}) {
            CliRun help = CliRun.of("help", command);
            assertEquals(0, help.status(), help.all());
            assertEquals(CliRun.of(command, "--help").out(), help.out(), command);
        }
    }

    @Test
    void helpOfAnUnknownCommandIsAUsageError() {
        CliRun help = CliRun.of("help", "bogus");
        assertEquals(ErrorReporter.USAGE, help.status(), help.all());
        assertTrue(help.err().contains("bogus"), help.all());
    }

    @Test
    void searchHelpNamesTheFolderSearchWritesTo() {
        String help = CliRun.of("search", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("runs/search-<data>-"), help);
        // --out's own line must not name train's folder as search's default.
        String outLine = help.substring(help.indexOf("--out=DIR"));
        assertTrue(outLine.contains("search: runs/search-<data>-<date>-<time>"), outLine);
    }
}
