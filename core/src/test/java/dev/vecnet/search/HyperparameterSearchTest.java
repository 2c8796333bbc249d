package dev.vecnet.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HyperparameterSearchTest {
    private static final SearchSpace SPACE = SearchSpace.empty().uniform("x", -4, 4).logUniform("y", 1e-3, 1e3);

    /** Deterministic: a peak at x = 1, y = 1, plus a seed-dependent wobble. */
    private static final Trial PEAK = (c, seed) -> {
        double x = c.getDouble("x");
        double ly = Math.log10(c.getDouble("y"));
        return -(x - 1) * (x - 1) - ly * ly + new Random(seed).nextDouble() * 1e-3;
    };

    @Test
    void sameSeedGivesSameResultsWhateverTheThreadCount() {
        SearchResults one = HyperparameterSearch.maximizing(PEAK).seed(5).threads(1).random(SPACE, 40);
        SearchResults four = HyperparameterSearch.maximizing(PEAK).seed(5).threads(4).random(SPACE, 40);
        SearchResults other = HyperparameterSearch.maximizing(PEAK).seed(6).threads(4).random(SPACE, 40);
        assertEquals(40, one.trials().size());
        for (int i = 0; i < 40; i++) {
            assertEquals(one.trials().get(i).configuration(), four.trials().get(i).configuration());
            assertEquals(one.trials().get(i).metric(), four.trials().get(i).metric());
            assertEquals(one.trials().get(i).seed(), four.trials().get(i).seed());
        }
        assertNotEquals(one.best().configuration(), other.best().configuration());
        List<TrialResult> sorted = one.trials();
        for (int i = 1; i < sorted.size(); i++) {
            assertTrue(sorted.get(i - 1).metric() >= sorted.get(i).metric());
        }
    }

    @Test
    void failuresAreRecordedNotFatal() {
        Trial flaky = (c, seed) -> {
            double x = c.getDouble("x");
            if (x > 2) {
                throw new ArithmeticException("diverged at x=" + x);
            }
            return x < -2 ? Double.NaN : x;
        };
        SearchResults results = HyperparameterSearch.maximizing(flaky).seed(1).threads(3).grid(SPACE, 9);
        assertEquals(81, results.trials().size());
        assertEquals(36, results.failed().size());
        assertTrue(results.best().metric() <= 2);
        assertTrue(results.failed().stream().anyMatch(r -> r.failure().contains("diverged")));
        assertTrue(results.failed().stream().anyMatch(r -> r.failure().contains("non-finite")));
        assertTrue(!results.trials().get(results.trials().size() - 1).succeeded(), "failed trials sort last");
    }

    @Test
    void trialAndTimeBudgetsStopTheSearch() {
        AtomicInteger calls = new AtomicInteger();
        Trial counting = (c, seed) -> calls.incrementAndGet();
        assertEquals(7, HyperparameterSearch.minimizing(counting).maxTrials(7).random(SPACE, 100).trials().size());
        assertEquals(7, calls.get());
        Trial slow = (c, seed) -> {
            Thread.sleep(50);
            return 0;
        };
        long start = System.nanoTime();
        SearchResults timed = HyperparameterSearch.minimizing(slow).threads(2).timeBudget(Duration.ofMillis(200))
                .random(SPACE, 200);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(timed.trials().size() >= 2 && timed.trials().size() < 40, timed.trials().size() + " trials ran");
        assertTrue(millis < 2000, millis + " ms");
    }

    @Test
    void runsTrialsInParallelOnABoundedPool() {
        ConcurrentHashMap<String, Boolean> threadNames = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Trial trial = (c, seed) -> {
            threadNames.put(Thread.currentThread().getName(), true);
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(40);
            running.decrementAndGet();
            return 0;
        };
        HyperparameterSearch.maximizing(trial).threads(3).random(SPACE, 12);
        assertEquals(3, peak.get());
        assertEquals(3, threadNames.size());
    }

    @Test
    void coarseToFineImprovesOnItsFirstRound() {
        HyperparameterSearch search = HyperparameterSearch.maximizing(PEAK).seed(3).threads(2);
        SearchResults coarse = search.random(SPACE, 10);
        SearchResults fine = search.coarseToFine(SPACE, 4, 10, 3);
        assertEquals(40, fine.trials().size());
        assertEquals(coarse.best().metric(), fine.trials().stream().filter(r -> r.index() < 10)
                .mapToDouble(TrialResult::metric).max().getAsDouble(), "round one is plain random search");
        assertTrue(fine.best().metric() > coarse.best().metric());
        assertTrue(fine.best().metric() > -0.2, "best " + fine.best());
        // the later rounds sample near the peak
        long late = fine.trials().stream().filter(r -> r.index() >= 30)
                .filter(r -> Math.abs(r.configuration().getDouble("x") - 1) < 1.5).count();
        assertTrue(late >= 8, late + " of the last round within 1.5 of the peak");
    }

    @Test
    void exportsTheSortedTableAsCsv(@TempDir Path dir) throws IOException {
        Trial trial = (c, seed) -> {
            if (c.getDouble("x") > 3) {
                throw new IllegalStateException("boom, \"quoted\"");
            }
            return c.getDouble("x");
        };
        SearchResults results = HyperparameterSearch.maximizing(trial).grid(SearchSpace.empty().uniform("x", 0, 4), 5);
        Path file = dir.resolve("trials.csv");
        results.writeCsv(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals("rank,index,x,metric,status,seed,millis", lines.get(0));
        assertTrue(lines.get(1).startsWith("1,3,3.0,3.0,ok,"), lines.get(1));
        assertTrue(lines.get(4).startsWith("4,0,0.0,0.0,ok,"), lines.get(4));
        assertTrue(lines.get(5).startsWith(",4,4.0,,\"failed: IllegalStateException: boom, \"\"quoted\"\"\","),
                lines.get(5));
        assertEquals(6, lines.size());
    }
}
