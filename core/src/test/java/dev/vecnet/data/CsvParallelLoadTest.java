package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.kernel.WorkerTeam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CsvLoader#load(Path, WorkerTeam)} against the one-thread {@link CsvLoader#load(Path)}: the same
 * values, labels and targets for 2, 3 and 4 threads on files whose part cuts fall anywhere (blank lines,
 * CRLF line ends, numbers in every notation, no final line end), the same first error of a malformed file
 * (line and column), and the memory budget refused before the arrays are allocated.
 */
class CsvParallelLoadTest {
    private static final int FEATURES = 9;
    private static WorkerTeam two;
    private static WorkerTeam three;
    private static WorkerTeam four;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTeams() {
        two = new WorkerTeam(2);
        three = new WorkerTeam(3);
        four = new WorkerTeam(4);
    }

    @AfterAll
    static void closeTeams() {
        two.close();
        three.close();
        four.close();
    }

    /** A file of at least {@link CsvLoader#PARALLEL_MIN_BYTES} bytes, the label in column 4, with awkward lines. */
    private Path bigFile(long seed, String name, boolean finalNewline) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("a,b,c,label,d,e,f,g,h,i\r\n");
        int row = 0;
        while (csv.length() < CsvLoader.PARALLEL_MIN_BYTES + 200_000) {
            for (int c = 0; c <= FEATURES; c++) {
                if (c > 0) {
                    csv.append(',');
                }
                if (c == 3) {
                    csv.append(rnd.nextInt(7));
                    continue;
                }
                switch (rnd.nextInt(5)) {
                    case 0 -> csv.append(rnd.nextInt(1000) - 500);
                    case 1 -> csv.append((float) rnd.nextGaussian());
                    case 2 -> csv.append(String.format(java.util.Locale.ROOT, "%.3e", rnd.nextDouble() * 1e6));
                    case 3 -> csv.append(' ').append(rnd.nextInt(9)).append(".25 ");
                    default -> csv.append(rnd.nextDouble());
                }
            }
            csv.append(row % 3 == 0 ? "\r\n" : "\n");
            if (rnd.nextInt(50) == 0) {
                csv.append(rnd.nextBoolean() ? "\n" : "   \r\n");
            }
            row++;
        }
        if (!finalNewline) {
            csv.setLength(csv.length() - (csv.charAt(csv.length() - 2) == '\r' ? 2 : 1));
        }
        Path file = dir.resolve(name);
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    private static void assertSameData(Dataset expected, Dataset actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": rows");
        assertEquals(expected.featureCount(), actual.featureCount(), what + ": features");
        assertArrayEquals(expected.features(), actual.features(), what + ": features");
        if (expected.labels() != null) {
            assertArrayEquals(expected.labels(), actual.labels(), what + ": labels");
            assertEquals(expected.classCount(), actual.classCount(), what + ": classes");
        } else {
            assertArrayEquals(expected.targets(), actual.targets(), what + ": targets");
        }
    }

    @Test
    void everyTeamSizeReadsTheValuesOfOneThread() throws IOException {
        for (boolean finalNewline : new boolean[] {true, false}) {
            Path file = bigFile(finalNewline ? 1 : 2, "big" + finalNewline + ".csv", finalNewline);
            CsvLoader loader = CsvLoader.labelColumn("label");
            Dataset alone = loader.load(file);
            assertTrue(alone.size() > 40_000, "rows: " + alone.size());
            for (WorkerTeam team : new WorkerTeam[] {two, three, four}) {
                assertSameData(alone, loader.load(file, team), team.threads() + " threads, final newline " + finalNewline);
            }
            CsvLoader targets = CsvLoader.labelColumn(3).asTargets();
            assertSameData(targets.load(file), targets.load(file, three), "targets on 3 threads");
        }
    }

    @Test
    void theFirstErrorInTheFileIsReportedWithItsLineAndColumn() throws IOException {
        Path good = bigFile(3, "good.csv", true);
        String text = Files.readString(good);
        String[] lines = text.split("\n", -1);
        // One error near the end (in the last part) and, in a second file, one more near the start.
        int late = lines.length - 10;
        int early = 20;
        lines[late] = lines[late].replaceFirst("^[^,]*,", "x7,");
        Path oneError = dir.resolve("late.csv");
        Files.writeString(oneError, String.join("\n", lines));
        lines[early] = lines[early] + ",9";
        Path twoErrors = dir.resolve("early.csv");
        Files.writeString(twoErrors, String.join("\n", lines));
        CsvLoader loader = CsvLoader.labelColumn("label");
        for (Path file : new Path[] {oneError, twoErrors}) {
            DataFormatException expected = assertThrows(DataFormatException.class, () -> loader.load(file));
            for (WorkerTeam team : new WorkerTeam[] {two, four}) {
                DataFormatException actual = assertThrows(DataFormatException.class, () -> loader.load(file, team));
                assertEquals(expected.getMessage(), actual.getMessage(), file.getFileName() + ", " + team.threads());
            }
        }
        DataFormatException last = assertThrows(DataFormatException.class, () -> loader.load(oneError, three));
        assertTrue(last.getMessage().contains("line " + (late + 1) + ", column 1: 'x7' is not a number"), last.getMessage());
        DataFormatException first = assertThrows(DataFormatException.class, () -> loader.load(twoErrors, three));
        assertTrue(first.getMessage().contains("line " + (early + 1) + ", column 11: ragged row"), first.getMessage());
    }

    @Test
    void aNonAsciiCharacterInANumberIsTheSameErrorOnEveryTeam() throws IOException {
        String[] lines = Files.readString(bigFile(5, "odd.csv", true)).split("\n", -1);
        for (String bad : new String[] {"\u22121.5", "2.0\u00b0", "\u00a07"}) {
            int row = lines.length - 50;
            String[] changed = lines.clone();
            changed[row] = changed[row].replaceFirst(",[^,]*,", "," + bad + ",");
            Path file = dir.resolve("odd.csv");
            Files.writeString(file, String.join("\n", changed), StandardCharsets.UTF_8);
            CsvLoader loader = CsvLoader.labelColumn("label");
            String expected = file + ": line " + (row + 1) + ", column 2: '" + bad + "' is not a number";
            assertTrue(assertThrows(DataFormatException.class, () -> loader.load(file)).getMessage()
                    .startsWith(expected), bad);
            for (WorkerTeam team : new WorkerTeam[] {two, four}) {
                String message = assertThrows(DataFormatException.class, () -> loader.load(file, team)).getMessage();
                assertTrue(message.startsWith(expected), team.threads() + " threads: " + message);
            }
        }
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsSkippedOnEveryTeam() throws IOException {
        String text = Files.readString(bigFile(6, "plain.csv", true));
        Path plain = dir.resolve("plain.csv");
        Path marked = Files.writeString(dir.resolve("marked.csv"), "\uFEFF" + text, StandardCharsets.UTF_8);
        // The first column read as the target by its name: a mark left in front of the name would hide it.
        CsvLoader loader = CsvLoader.labelColumn("a").asTargets();
        Dataset expected = loader.load(plain);
        assertSameData(expected, loader.load(marked), "one thread");
        for (WorkerTeam team : new WorkerTeam[] {two, three}) {
            assertSameData(expected, loader.load(marked, team), team.threads() + " threads");
        }
    }

    /**
     * A line too long to buffer, in the second of two parts: more bytes of short lines before it than it and
     * the lines after it hold, so that the cut falls before it.
     */
    @Test
    void aLineTooLongIsReportedAtItsLineInTheFileOnEveryTeam() throws IOException {
        int shortLines = (CsvReader.MAX_LINE_BYTES + (1 << 20)) / 4;
        Path file = dir.resolve("long.csv");
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write("x,label\n".getBytes(StandardCharsets.US_ASCII));
            byte[] row = "1,0\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < shortLines; i++) {
                out.write(row);
            }
            for (int i = 0; i <= CsvReader.MAX_LINE_BYTES; i++) {
                out.write('7');
            }
            out.write(",1\n2,1\n".getBytes(StandardCharsets.US_ASCII));
        }
        String expected = file + ": line " + (shortLines + 2) + ", column 1: line longer than";
        CsvLoader loader = CsvLoader.lastColumnLabel();
        assertTrue(assertThrows(DataFormatException.class, () -> loader.load(file)).getMessage().startsWith(expected));
        for (WorkerTeam team : new WorkerTeam[] {two, three}) {
            String message = assertThrows(DataFormatException.class, () -> loader.load(file, team)).getMessage();
            assertTrue(message.startsWith(expected), team.threads() + " threads: " + message);
        }
    }

    @Test
    void theMemoryBudgetIsCheckedBeforeAllocating() throws IOException {
        Path file = bigFile(4, "budget.csv", true);
        DataTooLargeException e = assertThrows(DataTooLargeException.class,
                () -> CsvLoader.labelColumn("label").withMemoryBudget(1 << 20).load(file, two));
        assertTrue(e.getMessage().contains("budget.csv"), e.getMessage());
    }

    @Test
    void smallAndGzippedFilesAndNoTeamReadOnTheCallingThread() throws IOException {
        Path small = dir.resolve("small.csv");
        Files.writeString(small, "x,y,label\n1,2,0\n\n3,4.5,1\n");
        Dataset alone = CsvLoader.lastColumnLabel().load(small);
        assertSameData(alone, CsvLoader.lastColumnLabel().load(small, four), "small file");
        assertSameData(alone, CsvLoader.lastColumnLabel().load(small, null), "no team");
        assertEquals(2, alone.size());
    }
}
