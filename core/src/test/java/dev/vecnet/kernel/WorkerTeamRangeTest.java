package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link WorkerTeam#forEachRange}: every index once, distinct parts, the cut rules, failures and misuse. */
class WorkerTeamRangeTest {

    @Test
    void everyIndexRunsExactlyOnceInDistinctAlignedParts() {
        for (int threads = 1; threads <= 4; threads++) {
            try (WorkerTeam team = new WorkerTeam(threads)) {
                for (int size : new int[] {0, 1, 15, 16, 17, 100, 1000, 4099}) {
                    for (int align : new int[] {1, 16}) {
                        for (int grain : new int[] {1, 7, 300}) {
                            AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, size));
                            AtomicIntegerArray partUses = new AtomicIntegerArray(threads);
                            AtomicInteger parts = new AtomicInteger();
                            team.forEachRange(size, align, grain, (part, from, to) -> {
                                assertTrue(from < to && from >= 0 && to <= size, from + ".." + to);
                                assertTrue(from % align == 0, "part start " + from + " not a multiple of " + align);
                                partUses.incrementAndGet(part);
                                parts.incrementAndGet();
                                for (int i = from; i < to; i++) {
                                    hits.incrementAndGet(i);
                                }
                            });
                            String what = threads + " threads, size " + size + ", align " + align + ", grain " + grain;
                            for (int i = 0; i < size; i++) {
                                assertEquals(1, hits.get(i), what + ": index " + i);
                            }
                            for (int p = 0; p < threads; p++) {
                                assertTrue(partUses.get(p) <= 1, what + ": part " + p + " ran twice");
                            }
                            assertTrue(parts.get() <= Math.max(1, size / grain), what + ": " + parts + " parts");
                        }
                    }
                }
            }
        }
    }

    @Test
    void workTooSmallForTwoPartsRunsOnTheCaller() {
        try (WorkerTeam team = new WorkerTeam(3)) {
            Thread caller = Thread.currentThread();
            team.forEachRange(99, 1, 50, (part, from, to) -> {
                assertSame(caller, Thread.currentThread());
                assertEquals(0, from);
                assertEquals(99, to);
            });
        }
    }

    @Test
    void largeWorkReachesTheWorkers() {
        try (WorkerTeam team = new WorkerTeam(2)) {
            ConcurrentHashMap<String, Boolean> names = new ConcurrentHashMap<>();
            for (int round = 0; round < 2000 && names.size() < 2; round++) {
                team.forEachRange(2, 1, 1, (part, from, to) -> {
                    names.put(Thread.currentThread().getName(), true);
                    long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                });
            }
            assertTrue(names.containsKey("vecnet-worker-1"), "the worker never took a part: " + names.keySet());
        }
    }

    @Test
    void aPartsExceptionReachesTheCallerAfterTheOthersFinished() {
        try (WorkerTeam team = new WorkerTeam(3)) {
            AtomicInteger finished = new AtomicInteger();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> team.forEachRange(3, 1, 1, (part, from, to) -> {
                        if (from == 1) {
                            throw new IllegalStateException("part with index 1");
                        }
                        finished.incrementAndGet();
                    }));
            assertEquals("part with index 1", e.getMessage());
            assertEquals(2, finished.get());
            team.forEachRange(3, 1, 1, (part, from, to) -> finished.incrementAndGet());
            assertEquals(5, finished.get(), "the team works after a failed job");
        }
    }

    @Test
    void aTaskHandingWorkToItsOwnTeamIsRefusedOnEveryThread() {
        try (WorkerTeam team = new WorkerTeam(2)) {
            AtomicInteger refused = new AtomicInteger();
            for (int round = 0; round < 50; round++) {
                try {
                    team.forEachRange(2, 1, 1, (part, from, to) -> team.forEachRange(2, 1, 1, (p, f, t) -> { }));
                } catch (IllegalStateException e) {
                    assertTrue(e.getMessage().contains("same team"), e.getMessage());
                    refused.incrementAndGet();
                }
            }
            assertEquals(50, refused.get(), "every nested job is refused, none deadlocks");
        }
    }

    @Test
    void argumentsAndAClosedTeamAreRefused() {
        WorkerTeam team = new WorkerTeam(2);
        assertThrows(IllegalArgumentException.class, () -> team.forEachRange(-1, 1, 1, (p, f, t) -> { }));
        assertThrows(IllegalArgumentException.class, () -> team.forEachRange(10, 0, 1, (p, f, t) -> { }));
        assertThrows(IllegalArgumentException.class, () -> team.forEachRange(10, 1, 0, (p, f, t) -> { }));
        assertThrows(IllegalArgumentException.class, () -> team.forEachRange(10, 1, 1, null));
        team.close();
        assertThrows(IllegalStateException.class, () -> team.forEachRange(10, 1, 1, (p, f, t) -> { }));
    }

    /**
     * Jobs of alternately few and many parts, back to back: a worker that lags behind must never claim a part of
     * a finished job with the next job's part count (which once ran stray parts and ended jobs early or never).
     * Every index of every job runs exactly once.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)   // the lost job hung the caller
    void backToBackJobsOfChangingPartCountsRunEveryIndexOnce() {
        try (WorkerTeam team = new WorkerTeam(4)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(64);
            for (int job = 0; job < 20_000; job++) {
                int size = job % 2 == 0 ? 2 : 64;
                for (int i = 0; i < size; i++) {
                    runs.set(i, 0);
                }
                team.forEachRange(size, 1, 1, (part, from, to) -> {
                    for (int i = from; i < to; i++) {
                        runs.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < size; i++) {
                    assertEquals(1, runs.get(i), "job " + job + ", index " + i);
                }
            }
        }
    }
}
