package dev.vecnet.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that a caller hands to {@link Gemm} to split one product across cores.
 * Nothing in vecnet starts threads unless one of these is created.
 *
 * <p>A product is split along N (or along M when N is too narrow) at multiples of the micro-tile, never
 * along K, so every element is summed in the same order as on one thread: results are bit-identical for
 * any thread count. The calling thread computes one part itself; {@code threads - 1} daemon workers
 * compute the others. Dispatching a product allocates nothing.
 *
 * <p>Thread-safety: any thread may call {@link Gemm} with this team; calls are serialised (one product
 * at a time). {@link #close()} stops the workers; using a closed team throws
 * {@link IllegalStateException}.
 */
public final class GemmThreads implements AutoCloseable {
    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Thread waiter;
    private volatile Throwable failure;

    // The product in flight: written by the caller before generation is bumped, read by workers after.
    private GemmKernel kernel;
    private GemmCall call;
    private boolean splitColumns;
    private int parts;
    private int unitsPerPart;
    private int unit;

    /**
     * Starts {@code threads - 1} daemon worker threads.
     *
     * @param threads the number of threads a product is split across, the caller included; >= 1
     */
    public GemmThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            Thread worker = new Thread(() -> workLoop(part), "vecnet-gemm-" + part);
            worker.setDaemon(true);
            workers[i] = worker;
            worker.start();
        }
    }

    /**
     * The number of threads a product is split across, the caller included.
     *
     * @return the team size, {@code >= 1}, counting the calling thread
     */
    public int threads() {
        return threads;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once {@link #close()} has been called; a closed team must not be passed to {@link Gemm}
     */
    public boolean isClosed() {
        return closed;
    }

    /** Stops the worker threads and waits for them to end. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Computes {@code call} on all threads; returns when every part is written. */
    synchronized void run(GemmKernel kernel, GemmCall call) {
        if (closed) {
            throw new IllegalStateException("this GemmThreads is closed");
        }
        int columnUnits = ceilDiv(call.n, kernel.columnAlignment());
        int rowUnits = ceilDiv(call.m, kernel.rowAlignment());
        splitColumns = columnUnits >= threads || columnUnits >= rowUnits;
        int units = splitColumns ? columnUnits : rowUnits;
        unit = splitColumns ? kernel.columnAlignment() : kernel.rowAlignment();
        unitsPerPart = ceilDiv(units, threads);
        parts = ceilDiv(units, unitsPerPart);
        this.kernel = kernel;
        this.call = call;
        failure = null;
        waiter = Thread.currentThread();
        pending.set(workers.length);
        generation++;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        try {
            computePart(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        while (pending.get() != 0) {
            LockSupport.park(this);
        }
        this.kernel = null;
        this.call = null;
        Throwable thrown = failure;
        if (thrown instanceof RuntimeException) {
            throw (RuntimeException) thrown;
        } else if (thrown instanceof Error) {
            throw (Error) thrown;
        }
    }

    private void computePart(int part) {
        if (part >= parts) {
            return;
        }
        GemmWorkspace ws = GemmWorkspace.get();
        int from = part * unitsPerPart * unit;
        if (splitColumns) {
            kernel.compute(call, 0, call.m, from, Math.min(call.n, from + unitsPerPart * unit), ws);
        } else {
            kernel.compute(call, from, Math.min(call.m, from + unitsPerPart * unit), 0, call.n, ws);
        }
    }

    private void workLoop(int part) {
        int seen = 0;
        while (true) {
            int current;
            while ((current = generation) == seen) {
                if (closed) {
                    return;
                }
                LockSupport.park(this);
            }
            seen = current;
            try {
                computePart(part);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(waiter);
            }
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
