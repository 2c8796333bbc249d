package dev.vecnet.spark;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A fit's clean-up runs every action and never replaces the error that ended the fit. */
class CleanUpTest {

    @Test
    void aFailingActionNeitherStopsTheOthersNorHidesTheFitsError() {
        List<String> ran = new ArrayList<>();
        IllegalArgumentException destroyFailed = new IllegalArgumentException("broadcast gone");
        CleanUp cleanUp = new CleanUp();
        cleanUp.run(() -> {
            ran.add("workers");
            throw destroyFailed;
        });
        cleanUp.run(() -> ran.add("broadcast"));
        cleanUp.run(() -> {
            ran.add("data");
            throw new UnsupportedOperationException("unpersist");
        });
        RuntimeException fitError = new RuntimeException("round 3 failed");
        cleanUp.finish(fitError);

        assertEquals(List.of("workers", "broadcast", "data"), ran);
        assertEquals(1, fitError.getSuppressed().length);
        assertSame(destroyFailed, fitError.getSuppressed()[0]);
        assertEquals(1, destroyFailed.getSuppressed().length, "the later failure rides on the first");
    }

    @Test
    void aCleanUpFailureAfterASuccessfulFitIsThrown() {
        CleanUp cleanUp = new CleanUp();
        IllegalStateException failure = new IllegalStateException("unpersist failed");
        cleanUp.run(() -> {
            throw failure;
        });
        assertSame(failure, assertThrows(IllegalStateException.class, () -> cleanUp.finish(null)));
        new CleanUp().finish(null);   // nothing failed: nothing thrown
    }
}
