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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HyperparameterSearchTest {
    /**
     * How long a barrier waits for the other trials before the test fails: a guard against a hang (trials that
     * never run together), not a speed requirement.
     */
    private static final long HANG_GUARD_SECONDS = 300;

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
    void theTrialBudgetStopsTheSearch() {
        AtomicInteger calls = new AtomicInteger();
        Trial counting = (c, seed) -> calls.incrementAndGet();
        assertEquals(7, HyperparameterSearch.minimizing(counting).maxTrials(7).random(SPACE, 100).trials().size());
        assertEquals(7, calls.get());
    }

    /**
     * The time budget's promise: a trial started before the budget ran out runs to its end, and no trial starts
     * after. Two trials meet at a barrier (so both have started), then each waits until the budget is certainly
     * spent; the search must keep both results and run none of the 98 others. The budget must outlast the start
     * of the pool's second thread (a second trial that starts after it would rightly not run): 20 ms did not
     * on a loaded two-core machine, where the first trial then waited at the barrier alone; a second is ample.
     */
    @Test
    void noTrialStartsOnceTheTimeBudgetIsSpent() {
        Duration budget = Duration.ofSeconds(1);
        CyclicBarrier bothStarted = new CyclicBarrier(2);
        AtomicInteger calls = new AtomicInteger();
        Trial outlastsTheBudget = (c, seed) -> {
            calls.incrementAndGet();
            // The search read its clock before it submitted this trial, so now + budget is past its deadline.
            long past = System.nanoTime() + budget.toNanos();
            bothStarted.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            while (System.nanoTime() - past <= 0) {
                Thread.sleep(1);
            }
            return 0;
        };
        SearchResults timed = HyperparameterSearch.minimizing(outlastsTheBudget).threads(2).timeBudget(budget)
                .random(SPACE, 100);
        assertEquals(2, calls.get(), "trials started after the budget ran out");
        assertEquals(2, timed.trials().size());
        assertTrue(timed.trials().stream().allMatch(TrialResult::succeeded), "running trials are not cut short: "
                + timed.trials());
    }

    /**
     * Three trials meet at a barrier, so three ran at the same time on three threads; a bounded pool of three
     * never runs a fourth alongside them.
     */
    @Test
    void runsTrialsInParallelOnABoundedPool() {
        ConcurrentHashMap<String, Boolean> threadNames = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        CyclicBarrier firstThree = new CyclicBarrier(3);
        Trial trial = (c, seed) -> {
            threadNames.put(Thread.currentThread().getName(), true);
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (calls.getAndIncrement() < 3) {
                    firstThree.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                }
            } finally {
                running.decrementAndGet();
            }
            return 0;
        };
        SearchResults results = HyperparameterSearch.maximizing(trial).threads(3).random(SPACE, 12);
        assertTrue(results.trials().stream().allMatch(TrialResult::succeeded), "the first three met: " + results.trials());
        assertEquals(12, calls.get());
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
