package dev.vecnet.spark;

import java.io.Serializable;

/**
 * Called by every training task after its work and before it returns its result, with the round and the
 * partition: tests use it to make a task fail after it has changed its executor-side state, the case a
 * retry must survive. Runs on the executor.
 */
@FunctionalInterface
interface TaskHook extends Serializable {
    /** A hook that does nothing. */
    TaskHook NONE = (round, partition) -> { };

    /**
     * @param round     the round (exact mode: step) the task computed
     * @param partition the task's partition index
     */
    void afterWork(long round, int partition);
}
