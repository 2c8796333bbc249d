package dev.vecnet.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;

/**
 * The allocation check shared by the zero-allocation tests: the steady state must allocate nothing,
 * however long the JIT takes to reach it (until C2 compiles them, the vector kernels run interpreted
 * and allocate, and rarely taken paths compile last).
 */
public final class SteadyState {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private SteadyState() {
    }

    /**
     * Runs {@code work} in rounds of {@code callsPerRound} calls until three consecutive rounds allocate
     * nothing on this thread, and fails after {@code maxRounds} rounds otherwise, naming the call sites
     * that still allocate.
     */
    public static void assertAllocatesNothing(Runnable work, int callsPerRound, int maxRounds) {
        int zeroRounds = 0;
        long last = -1;
        for (int round = 0; round < maxRounds && zeroRounds < 3; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < callsPerRound; i++) {
                work.run();
            }
            last = THREADS.getCurrentThreadAllocatedBytes() - before;
            zeroRounds = last == 0 ? zeroRounds + 1 : 0;
        }
        if (last != 0) {
            fail("bytes allocated by the last " + callsPerRound + " calls after " + maxRounds + " rounds: " + last
                    + "\n" + AllocationSites.of(work, callsPerRound));
        }
    }
}
