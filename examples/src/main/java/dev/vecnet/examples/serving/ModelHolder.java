package dev.vecnet.examples.serving;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model being served, swapped without downtime: an immutable {@link ServingModel} behind an
 * {@link AtomicReference}. {@link #reload} loads and warms the next model on the calling thread (never a
 * request thread), then swaps the reference in one step; a request that already read the old model
 * finishes on it, and the old model is collected once no request holds it. Reloads are serialised;
 * {@link #current} is lock-free.
 */
final class ModelHolder {
    private final AtomicReference<ServingModel> current = new AtomicReference<>();
    private final int slots;
    private final int maxRows;
    private final Duration warmUpBudget;
    private final long warmUpPasses;
    private long generations;

    ModelHolder(int slots, int maxRows, Duration warmUpBudget, long warmUpPasses) {
        this.slots = slots;
        this.maxRows = maxRows;
        this.warmUpBudget = warmUpBudget;
        this.warmUpPasses = warmUpPasses;
    }

    /** The model serving now, or null before the first load. */
    ServingModel current() {
        return current.get();
    }

    /**
     * Loads {@code file}, warms it up and makes it the current model. When loading fails, the current
     * model stays and keeps serving.
     */
    synchronized ModelSwap reload(Path file) throws IOException {
        long start = System.nanoTime();
        ServingModel next = ServingModel.load(file, generations + 1, slots, maxRows);
        long loaded = System.nanoTime();
        ServingModel.WarmUp warmUp = next.warmUp(warmUpBudget, warmUpPasses);
        // Publishing through the AtomicReference also publishes the slots' warmed buffers to the connection threads.
        current.set(next);
        generations++;
        return new ModelSwap(next.generation, file, Duration.ofNanos(loaded - start), warmUp.time(), warmUp.passes(),
                warmUp.allocationFree());
    }
}
