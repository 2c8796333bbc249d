package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces that make data larger than memory work: block shuffling, the hold-out view, memory budgets. */
class LargeDataTest {
    @TempDir
    Path dir;

    /** n examples whose single feature is the row index, label row % 3. */
    private static Dataset indexed(int n) {
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 3;
        }
        return Dataset.ofLabels(x, 1, y, 3);
    }

    @Test
    void beyondTheOrderLimitBlocksOfConsecutiveRowsAreShuffled() {
        Dataset data = indexed(95);
        MiniBatches batches = new MiniBatches(data, 7, 1, 10);
        assertEquals(10, batches.blockRows());
        batches.shuffle();
        float[] seen = new float[95];
        int k = 0;
        while (batches.next()) {
            for (int i = 0; i < batches.count(); i++) {
                seen[k++] = batches.x()[i];
                assertEquals((int) batches.x()[i] % 3, batches.labels()[i]);
            }
        }
        assertEquals(95, k);
        for (int i = 1; i < 95; i++) {
            boolean blockStart = seen[i] % 10 == 0;
            assertTrue(blockStart || seen[i] == seen[i - 1] + 1, "row " + seen[i] + " after " + seen[i - 1]);
        }
        float[] sorted = seen.clone();
        Arrays.sort(sorted);
        assertArrayEquals(indexed(95).features(), sorted);
        assertTrue(!Arrays.equals(seen, sorted), "the blocks were not shuffled");
        assertEquals(1, new MiniBatches(data, 7, 1).blockRows());
    }

    @Test
    void holdoutPartitionsEveryRowOnceAndTheTrainingViewReadsTheRest() throws IOException {
        int n = 10_000;
        Holdout holdout = Holdout.of(indexed(n), 0.1, 0.2, 3, Long.MAX_VALUE);
        long train = holdout.train().count();
        int validation = holdout.validation().size();
        int test = holdout.test().size();
        assertEquals(n, train + validation + test);
        // Each of the 3 classes is cut at a rounded share of its rows.
        assertTrue(Math.abs(validation - 1000) <= 3 && Math.abs(test - 2000) <= 3, validation + ", " + test);
        Dataset trainRows = Dataset.copyOf(holdout.train());
        float[] all = new float[n];
        System.arraycopy(trainRows.features(), 0, all, 0, (int) train);
        System.arraycopy(holdout.validation().features(), 0, all, (int) train, validation);
        System.arraycopy(holdout.test().features(), 0, all, (int) train + validation, test);
        Arrays.sort(all);
        assertArrayEquals(indexed(n).features(), all);
        Holdout again = Holdout.of(indexed(n), 0.1, 0.2, 3, Long.MAX_VALUE);
        assertArrayEquals(holdout.test().features(), again.test().features());
        assertThrows(DataTooLargeException.class, () -> Holdout.of(indexed(n), 0.1, 0.2, 3, 1000));
        assertThrows(IndexOutOfBoundsException.class,
                () -> holdout.train().gather(new long[] {train}, 1, new float[1], new int[1], null));
    }

    @Test
    void streamingStandardisationEqualsTheInMemoryFit() throws IOException {
        Dataset data = MappedExamplesTest.randomLabelled(777, 9, 3, 4);
        Preprocessor inMemory = Preprocessing.standardize().fit(data);
        Preprocessor streamed = Preprocessing.standardize(MappedExamples.open(
                MappedExamplesTest.write(data, dir.resolve("s.vecdata"))));
        assertArrayEquals(inMemory.state().get("mean"), streamed.state().get("mean"));
        assertArrayEquals(inMemory.state().get("std"), streamed.state().get("std"));
    }

    @Test
    void csvLargerThanTheBudgetIsRefusedBeforeAllocatingNamingTheSizes() throws IOException {
        Path file = dir.resolve("big.csv");
        Files.writeString(file, "a,b,label\n" + "1.5,2,0\n".repeat(200_000));
        DataTooLargeException e = assertThrows(DataTooLargeException.class,
                () -> CsvLoader.lastColumnLabel().withMemoryBudget(1_000_000).load(file));
        assertTrue(e.getMessage().contains("at least 131072 rows x 2 features need more than 1.6 MB"), e.getMessage());
        assertTrue(e.getMessage().contains("this load may use 1.0 MB"), e.getMessage());
        DataTooLargeException exact = assertThrows(DataTooLargeException.class,
                () -> CsvLoader.lastColumnLabel().withMemoryBudget(2_380_000).load(file));
        assertTrue(exact.getMessage().contains(": 200000 rows x 2 features need 2.4 MB"), exact.getMessage());
        assertEquals(200_000, CsvLoader.lastColumnLabel().withMemoryBudget(2_400_000).load(file).size());
        byte[] bytes = Files.readAllBytes(file);
        assertThrows(DataTooLargeException.class, () -> CsvLoader.lastColumnLabel().withMemoryBudget(1_000_000)
                .load(new ByteArrayInputStream(bytes), "stream.csv"));
    }

    @Test
    void readsCrlfLinesBlankLinesAndSpacesAroundValues() throws IOException {
        Path file = dir.resolve("crlf.csv");
        Files.write(file, "x, y ,label\r\n 1.25 ,-3e2,1\r\n\r\n   \r\n0.1,7,0\r\n".getBytes(StandardCharsets.US_ASCII));
        Dataset data = CsvLoader.lastColumnLabel().load(file);
        assertArrayEquals(new float[] {1.25f, -300f, 0.1f, 7f}, data.features());
        assertArrayEquals(new int[] {1, 0}, data.labels());
    }
}
