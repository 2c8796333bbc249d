package dev.vecnet.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AllocationSitesTest {
    static volatile Object sink;

    private static void allocateArrays() {
        sink = new long[4096];
    }

    @Test
    void namesTheMethodThatAllocates() {
        String sites = AllocationSites.of(AllocationSitesTest::allocateArrays, 2_000);
        assertTrue(sites.contains("AllocationSitesTest.allocateArrays"), sites);
        assertTrue(sites.contains("[J at "), sites);   // the JVM's name of long[]
    }
}
