package dev.vecnet.examples.serving;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The free predictor slot indices, {@code [0, slots)}: a request takes one for its parsing and prediction
 * and gives it back in a {@code finally}, so a slot is never lost, whatever the request does, and at most
 * {@code slots} predictions run at once however many connection threads there are. Taking and giving back
 * allocate nothing while no thread waits. Thread-safe.
 */
final class SlotPool {
    private final BlockingQueue<Integer> free;
    /** The index objects, boxed once, so that giving one back allocates nothing. */
    private final Integer[] indices;

    SlotPool(int slots) {
        free = new ArrayBlockingQueue<>(slots);
        indices = new Integer[slots];
        for (int i = 0; i < slots; i++) {
            indices[i] = i;
            free.add(indices[i]);
        }
    }

    /** A free slot index, waiting for one while all are taken. */
    int take() throws InterruptedException {
        return free.take();
    }

    /** Gives back {@code slot}, taken by {@link #take}. */
    void giveBack(int slot) {
        free.add(indices[slot]);
    }

    /** How many slots are free now. */
    int free() {
        return free.size();
    }
}
