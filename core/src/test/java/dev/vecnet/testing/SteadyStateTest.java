package dev.vecnet.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The allocation diagnostics the zero-allocation tests rely on must see allocation, and only that. */
class SteadyStateTest {
    static volatile Object sink;

    private static void allocateArrays() {
        sink = new long[4096];
    }

    @Test
    void namesTheMethodThatAllocates() {
        String sites = AllocationSites.of(SteadyStateTest::allocateArrays, 2_000);
        assertTrue(sites.contains("SteadyStateTest.allocateArrays"), sites);
        assertTrue(sites.contains("[J at "), sites);   // the JVM's name of long[]
    }

    @Test
    void steadyStateCheckFailsOnAllocationAndNamesTheSite() {
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> SteadyState.assertAllocatesNothing(SteadyStateTest::allocateArrays, 100, 5));
        assertTrue(failure.getMessage().contains("SteadyStateTest.allocateArrays"), failure.getMessage());
    }

    @Test
    void steadyStateCheckPassesWorkThatAllocatesNothing() {
        long[] counter = new long[1];
        SteadyState.assertAllocatesNothing(() -> counter[0]++, 100, 50);
        assertTrue(counter[0] >= 300);
    }
}
