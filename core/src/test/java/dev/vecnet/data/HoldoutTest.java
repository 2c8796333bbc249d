package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The split of a memory-mapped file ({@link Holdout}) picks the rows the in-memory split ({@link Split#stratified})
 * picks, in the same order, and that in-memory split is the class-by-class shuffle it always was.
 */
class HoldoutTest {

    @Property(tries = 60)
    void aMappedFileSplitsIntoTheRowsOfTheInMemorySplit(@ForAll @IntRange(min = 1, max = 400) int n,
                                                        @ForAll @IntRange(min = 1, max = 7) int classes,
                                                        @ForAll @DoubleRange(min = 0, max = 0.45) double validation,
                                                        @ForAll @DoubleRange(min = 0, max = 0.45) double test,
                                                        @ForAll long seed) throws IOException {
        Dataset drawn = MappedExamplesTest.randomLabelled(n, 3, classes, seed);
        // The class count as a file records it (and a CSV load derives it): one more than the largest label.
        Dataset data = Dataset.ofLabels(drawn.features(), 3, drawn.labels());
        Path dir = Files.createTempDirectory("holdout");
        try {
            MappedExamples mapped = MappedExamples.open(MappedExamplesTest.write(data, dir.resolve("d.vecdata")));
            Holdout holdout = Holdout.of(mapped, validation, test, seed, Long.MAX_VALUE);
            Split split = Split.stratified(data, 1 - validation - test, validation, seed);
            assertSame(split.train(), Dataset.copyOf(holdout.train()));
            assertSame(split.validation(), holdout.validation());
            assertSame(split.test(), holdout.test());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** The split as it was first written, with boxed lists: the rows it picks are the reference. */
    @Property(tries = 100)
    void theInMemorySplitKeepsItsRowsForEverySeed(@ForAll @IntRange(min = 1, max = 300) int n,
                                                  @ForAll @IntRange(min = 1, max = 6) int classes,
                                                  @ForAll @DoubleRange(min = 0.05, max = 1) double train,
                                                  @ForAll @DoubleRange(min = 0, max = 1) double share,
                                                  @ForAll long seed) {
        double validation = (1 - train) * share;
        Dataset data = MappedExamplesTest.randomLabelled(n, 1, classes, seed);
        List<List<Integer>> reference = listSplit(data.labels(), data.classCount(), train, validation, seed);
        Split split = Split.stratified(data, train, validation, seed);
        Dataset[] parts = {split.train(), split.validation(), split.test()};
        for (int p = 0; p < 3; p++) {
            assertArrayEquals(data.subset(reference.get(p).stream().mapToInt(Integer::intValue).toArray()).features(),
                    parts[p].features());
        }
    }

    @Property(tries = 30)
    void theSplitIsRefusedBeforeAllocatingWhenItsTablesExceedTheBudget(@ForAll @IntRange(min = 10, max = 2000) int n)
            throws IOException {
        Dataset data = MappedExamplesTest.randomLabelled(n, 2, 3, n);
        long tables = 4L * n * 2;
        DataTooLargeException e = assertThrows(DataTooLargeException.class,
                () -> Holdout.of(data, 0, 0, 1, tables - 1));
        assertTrue(e.getMessage().contains("in memory"), e.getMessage());
        assertEquals(n, Holdout.of(data, 0, 0, 1, Long.MAX_VALUE).train().count());
    }

    private static void assertSame(Dataset expected, Dataset actual) {
        assertArrayEquals(expected.features(), actual.features());
        assertArrayEquals(expected.labels(), actual.labels());
        assertEquals(expected.classCount(), actual.classCount());
    }

    private static List<List<Integer>> listSplit(int[] labels, int classes, double trainFraction,
                                                 double validationFraction, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        Random random = new Random(seed);
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (List<Integer> members : byClass) {
            Collections.shuffle(members, random);
            int count = members.size();
            int trainEnd = (int) Math.round(count * trainFraction);
            int validationEnd = Math.min(count, (int) Math.round(count * (trainFraction + validationFraction)));
            parts.get(0).addAll(members.subList(0, trainEnd));
            parts.get(1).addAll(members.subList(trainEnd, validationEnd));
            parts.get(2).addAll(members.subList(validationEnd, count));
        }
        for (List<Integer> part : parts) {
            Collections.shuffle(part, random);
        }
        return parts;
    }
}
