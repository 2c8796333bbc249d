package dev.vecnet.onnx;

import dev.vecnet.data.MemoryLimits;
import dev.vecnet.format.ModelFormatException;

/**
 * The Java heap one import may use, and what it has reserved so far. Every step that allocates in proportion to
 * the file (its bytes, the parsed messages, each decoded tensor, each copy of one, the network's parameters)
 * reserves its size first; a reservation beyond the budget is one {@link ModelFormatException} instead of an
 * {@link OutOfMemoryError} later. Reservations are never returned, so their total bounds what the import holds at
 * any time, as far as each reservation bounds its step (the parsed message's is an estimate, see {@link WireScan}).
 * Confined to the thread of one import.
 */
final class HeapBudget {
    private final long budget;
    private long reserved;

    /** A budget of {@code bytes}. */
    HeapBudget(long bytes) {
        this.budget = bytes;
    }

    /** A budget of the heap this JVM may still allocate ({@link MemoryLimits#availableHeap()}). */
    static HeapBudget freeHeap() {
        return new HeapBudget(MemoryLimits.availableHeap());
    }

    /**
     * Reserves {@code bytes} for {@code what}, before they are allocated.
     *
     * @throws ModelFormatException when the reservations so far and this one exceed the budget
     */
    void reserve(long bytes, String what) throws ModelFormatException {
        reserved = bytes > Long.MAX_VALUE - reserved ? Long.MAX_VALUE : reserved + bytes;
        if (reserved > budget) {
            throw new ModelFormatException("ONNX import needs more than " + MemoryLimits.format(reserved)
                    + " of Java heap (reached at " + what + "); " + MemoryLimits.format(budget) + " of the JVM's "
                    + "maximum heap of " + MemoryLimits.format(Runtime.getRuntime().maxMemory())
                    + " was free for it (raise it with -Xmx)");
        }
    }
}
