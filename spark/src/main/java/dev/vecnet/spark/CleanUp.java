package dev.vecnet.spark;

/**
 * Runs every clean-up action of a fit even when some fail, and never lets a clean-up failure hide the error that
 * ended the fit: the first failing action's exception (later ones suppressed into it) is added to that error as
 * suppressed, or thrown when the fit itself succeeded. A fit whose executor died would otherwise report the
 * clean-up job's failure instead of its own, and skip releasing its cached data and broadcast.
 *
 * <p>One per fit, on the driver thread; not thread-safe.
 */
final class CleanUp {
    private RuntimeException failure;

    /** Runs {@code action}, keeping its exception, if any, for {@link #finish}. */
    void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Reports the clean-up failures after every action has run.
     *
     * @param primary the error that ended the fit, or null when it succeeded; receives the clean-up failure as
     *                suppressed
     * @throws RuntimeException the first clean-up failure, when {@code primary} is null
     */
    void finish(Throwable primary) {
        if (failure == null) {
            return;
        }
        if (primary != null) {
            primary.addSuppressed(failure);
        } else {
            throw failure;
        }
    }
}
