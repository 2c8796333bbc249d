package dev.vecnet.examples.serving;

/**
 * A server worker thread that owns one predictor slot: the index of its {@link PredictorSlot} in every
 * {@link ServingModel}. The index is what makes the per-thread lookup a plain array read (no
 * {@code ThreadLocal} map, nothing that outlives a swapped-out model).
 */
final class ServingThread extends Thread {
    private final int slot;
    private final WorkerThreads owner;

    ServingThread(WorkerThreads owner, Runnable task, int slot) {
        super(task, "vecnet-serving-" + slot);
        this.owner = owner;
        this.slot = slot;
        setDaemon(true);
    }

    /** The slot of the calling thread; fails on any thread that is not a server worker. */
    static int currentSlot() {
        if (Thread.currentThread() instanceof ServingThread worker) {
            return worker.slot;
        }
        throw new IllegalStateException("thread " + Thread.currentThread().getName()
                + " is not a server worker: predictions run only on the service's executor");
    }

    @Override
    public void run() {
        try {
            super.run();
        } finally {
            // A worker that died (an Error escaped a task) hands its slot to the pool's replacement thread.
            owner.release(slot);
        }
    }
}
