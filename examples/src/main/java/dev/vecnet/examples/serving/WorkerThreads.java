package dev.vecnet.examples.serving;

import java.util.BitSet;
import java.util.concurrent.ThreadFactory;

/**
 * Creates the server's named daemon worker threads, each with the lowest free slot index in
 * {@code [0, slots)}. A fixed pool replaces a thread that died; the replacement reuses the dead thread's
 * slot, so there are never more live workers than predictor slots. Thread-safe.
 */
final class WorkerThreads implements ThreadFactory {
    private final int slots;
    private final BitSet used;

    WorkerThreads(int slots) {
        this.slots = slots;
        this.used = new BitSet(slots);
    }

    @Override
    public synchronized Thread newThread(Runnable task) {
        int slot = used.nextClearBit(0);
        if (slot >= slots) {
            throw new IllegalStateException("all " + slots + " predictor slots are taken by live worker threads");
        }
        used.set(slot);
        return new ServingThread(this, task, slot);
    }

    synchronized void release(int slot) {
        used.clear(slot);
    }
}
