package dev.vecnet.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that splits work across cores: one product handed to {@link Gemm}, or any
 * range of independent indices handed to {@link #forEachRange}. Nothing in vecnet starts threads unless
 * one of these is created; create it once and reuse it (starting threads costs far more than a product).
 *
 * <p><b>Bit-identical for any thread count.</b> A product is split along N (or along M when N is too
 * narrow) at multiples of the micro-tile, never along K, so every element is summed in the same order
 * as on one thread. {@link #forEachRange} hands each part a contiguous range of an index space whose
 * elements the task computes independently of each other; how the range is cut never changes a result.
 *
 * <p><b>Threads.</b> The calling thread and {@code threads - 1} daemon workers, named
 * {@code vecnet-worker-1}, {@code vecnet-worker-2}, ..., claim the parts of a job one at a time (the caller
 * first); a part no worker has claimed by the time the caller is free is computed by the caller, so a worker
 * the operating system has not scheduled (a busy machine) delays nothing but its own share. Between jobs a worker
 * spins ({@link Thread#onSpinWait()}, yielding its core every few microseconds to any other runnable
 * thread) for up to {@link #SPIN_NANOS} nanoseconds, so that the next job of a training step (which follows
 * within microseconds) starts without a wake-up, then parks: an idle team costs no CPU. The caller waits for the other parts the same way.
 *
 * <p><b>Small work stays on the caller.</b> A product of fewer than {@link #MIN_PARALLEL_PRODUCT}
 * multiply-adds, and a range too short to give every part {@code grain} indices, runs on the calling
 * thread alone: handing it off would cost more than it saves. The rule changes who computes, never what.
 *
 * <p><b>Allocation.</b> Dispatching a job allocates nothing (the task object is the caller's, made once).
 *
 * <p>Thread-safety: any thread may hand work to the team; jobs are serialised (one at a time). A task
 * must not hand work to the same team (a nested job throws {@link IllegalStateException}).
 * {@link #close()} stops the workers and should be called when the team is no longer needed (it is
 * {@link AutoCloseable}; daemon workers do not keep the JVM alive, but they hold their stacks until
 * closed); using a closed team throws {@link IllegalStateException}.
 */
public final class WorkerTeam implements AutoCloseable {
    /**
     * Nanoseconds a worker (and the waiting caller) spins before parking: longer than the serial gaps
     * inside a training step (loss, small layers, a few microseconds), short enough that an idle team stops
     * using CPU at once on a human time scale.
     */
    public static final long SPIN_NANOS = 200_000;

    /**
     * Multiply-adds ({@code m * n * k}) below which a product handed to {@link Gemm} with this team runs on
     * the calling thread: measured hand-off and rejoin of a job cost about a microsecond when workers are
     * spinning, which below this size is a large share of the product's time on one core.
     */
    public static final long MIN_PARALLEL_PRODUCT = 1L << 17;

    /** A piece of work over a contiguous range of indices, handed to {@link #forEachRange}. */
    @FunctionalInterface
    public interface Range {
        /**
         * Computes indices {@code [from, to)}; called once per part, on whichever thread of the team claimed
         * the part.
         *
         * @param part the part's number, in {@code [0, threads())}; no two parts of one job share a number
         *             (so it may index per-part buffers)
         * @param from the first index of this part, {@code >= 0}
         * @param to   one past the last index of this part, {@code > from}
         */
        void run(int part, int from, int to);
    }

    private final int threads;
    private final Worker[] workers;
    /** Parts of the job in flight that have been computed (by anyone). */
    private final AtomicInteger completed = new AtomicInteger();
    /**
     * The job's generation (high 32 bits) and the next unclaimed part (low 32 bits): a part is claimed by
     * a compare-and-set that also checks the generation, so a late worker never claims a part of a newer job
     * by mistake, and the caller claims the parts no worker has started (a worker that the OS has not
     * scheduled costs its part's time on the caller, not a wait).
     */
    private final AtomicLong claims = new AtomicLong();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Thread waiter;
    private volatile boolean waiterParked;
    private volatile Throwable failure;
    private boolean busy;

    // The job in flight: written by the caller before generation is bumped, read by workers after.
    private GemmKernel kernel;
    private GemmCall call;
    private boolean splitColumns;
    private Range range;
    private int parts;
    private int unitsPerPart;
    private int unit;
    private int size;

    /**
     * Starts {@code threads - 1} daemon worker threads, named {@code vecnet-worker-1} and up.
     *
     * @param threads the number of threads work is split across, the caller included; >= 1
     * @throws IllegalArgumentException when {@code threads < 1}
     */
    public WorkerTeam(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /**
     * The number of threads work is split across, the caller included.
     *
     * @return the team size, {@code >= 1}, counting the calling thread
     */
    public int threads() {
        return threads;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once {@link #close()} has been called; a closed team must not be given work
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

    /**
     * The fewest elements of streaming work (an elementwise pass, an optimizer sweep, a column reduction)
     * worth a part of their own: a hand-off to a spinning worker costs about a microsecond, in which one core
     * streams some ten thousand floats. The one split policy of the library: {@link #forEachElement},
     * {@link #forEachRow} and {@link #forEachColumn} apply it, and every elementwise caller goes through them.
     */
    public static final int ELEMENT_GRAIN = 8192;
    /** Element and column cuts fall on multiples of this many floats (a 64-byte cache line), so no line is shared. */
    public static final int CACHE_LINE_FLOATS = 16;

    /**
     * Runs {@code task} over element indices {@code [0, n)} of streaming work, cut at cache lines into parts of
     * at least {@link #ELEMENT_GRAIN} elements; a null team, or fewer than {@code 2 * ELEMENT_GRAIN}
     * elements, runs {@code task.run(0, 0, n)} on the caller. The task must compute each element on its own.
     *
     * @param team the team, or null for the calling thread alone
     * @param n    the number of elements, {@code >= 0}
     * @param task the work, not null
     */
    public static void forEachElement(WorkerTeam team, int n, Range task) {
        if (team == null || n < 2 * ELEMENT_GRAIN) {
            task.run(0, 0, n);
        } else {
            team.forEachRange(n, CACHE_LINE_FLOATS, ELEMENT_GRAIN, task);
        }
    }

    /**
     * Runs {@code task} over the row indices {@code [0, rows)} of a row-major {@code rows x cols} pass whose rows
     * are independent (activations, bias, normalising with known statistics), each part at least
     * {@link #ELEMENT_GRAIN} elements; small passes and a null team run on the caller.
     *
     * @param team the team, or null for the calling thread alone
     * @param rows the number of rows, {@code >= 0}
     * @param cols the number of columns, {@code >= 1}
     * @param task the work over rows, not null
     */
    public static void forEachRow(WorkerTeam team, int rows, int cols, Range task) {
        if (team == null || (long) rows * cols < 2 * ELEMENT_GRAIN) {
            task.run(0, 0, rows);
        } else {
            team.forEachRange(rows, 1, Math.max(1, ELEMENT_GRAIN / cols), task);
        }
    }

    /**
     * Runs {@code task} over the column indices {@code [0, cols)} of a row-major {@code rows x cols} pass that
     * reduces each column over all rows (bias gradients, batch statistics): each column is still summed over
     * every row in order on one thread, so the cut never changes a bit. Cuts fall on cache lines; small passes
     * and a null team run on the caller.
     *
     * @param team the team, or null for the calling thread alone
     * @param rows the number of rows, {@code >= 1}
     * @param cols the number of columns, {@code >= 0}
     * @param task the work over columns, not null
     */
    public static void forEachColumn(WorkerTeam team, int rows, int cols, Range task) {
        if (team == null || (long) rows * cols < 2 * ELEMENT_GRAIN) {
            task.run(0, 0, cols);
        } else {
            team.forEachRange(cols, CACHE_LINE_FLOATS,
                    Math.max(CACHE_LINE_FLOATS, ELEMENT_GRAIN / rows), task);
        }
    }

    /**
     * Runs {@code task} over {@code [0, size)} cut into at most {@link #threads()} contiguous parts, each
     * claimed by one thread of the team (the caller included); returns when every part has run. Part boundaries are multiples of
     * {@code align} (the last part ends at {@code size}), and every part gets at least {@code grain}
     * indices: when {@code size < 2 * grain}, or the team has one thread, the whole range runs on the caller
     * as {@code task.run(0, 0, size)}. The task must compute each index independently of the others (then the
     * result does not depend on the cut). Allocates nothing.
     *
     * @param size  the number of indices, {@code >= 0}; nothing runs when 0
     * @param align the multiple part boundaries are rounded to, {@code >= 1} (e.g. a cache line of floats)
     * @param grain the fewest indices worth a part of their own, {@code >= 1}
     * @param task  the work, not null; must not hand work to this team
     * @throws IllegalArgumentException for a negative size, {@code align < 1}, {@code grain < 1} or a null task
     * @throws IllegalStateException    when the team is closed, or when called from inside a job of this team
     * @throws RuntimeException         the first exception a part threw (after every part has finished)
     */
    public void forEachRange(int size, int align, int grain, Range task) {
        if (size < 0 || align < 1 || grain < 1 || task == null) {
            throw new IllegalArgumentException("size must be >= 0, align and grain >= 1 and task not null; were "
                    + size + ", " + align + ", " + grain + ", " + task);
        }
        int units = ceilDiv(size, align);
        int alignedGrain = Math.max(1, grain / align);
        int partCount = Math.min(threads, units / alignedGrain);
        if (size == 0) {
            return;
        }
        if (partCount <= 1) {
            requireOpen();
            task.run(0, 0, size);
            return;
        }
        refuseNested();
        synchronized (this) {
            begin();
            this.range = task;
            this.size = size;
            this.unit = align;
            this.unitsPerPart = ceilDiv(units, partCount);
            this.parts = ceilDiv(units, unitsPerPart);
            dispatch();
        }
    }

    /** Computes {@code call} on all threads; returns when every part is written. */
    void run(GemmKernel kernel, GemmCall call) {
        if ((long) call.m * call.n * call.k < MIN_PARALLEL_PRODUCT) {
            requireOpen();
            kernel.compute(call, 0, call.m, 0, call.n, GemmWorkspace.get());
            return;
        }
        refuseNested();
        synchronized (this) {
            begin();
            int columnUnits = ceilDiv(call.n, kernel.columnAlignment());
            int rowUnits = ceilDiv(call.m, kernel.rowAlignment());
            splitColumns = splitsColumns(call, rowUnits, columnUnits);
            int units = splitColumns ? columnUnits : rowUnits;
            unit = splitColumns ? kernel.columnAlignment() : kernel.rowAlignment();
            unitsPerPart = ceilDiv(units, threads);
            parts = ceilDiv(units, unitsPerPart);
            this.kernel = kernel;
            this.call = call;
            dispatch();
        }
    }

    /**
     * Whether a product is cut along N rather than M. Every part packs the panels of its own share and all
     * of the other operand: a cut along N packs A ({@code m x k}) in every part, a cut along M packs B
     * ({@code k x n}) in every part, unless B was packed ahead. So when both dimensions give every thread a
     * share, the cut repeats the smaller pack (the transposed dense forward {@code W X^T}, whose A is the
     * weight matrix, is cut along M); otherwise along the dimension that has enough micro-tiles.
     */
    private boolean splitsColumns(GemmCall call, int rowUnits, int columnUnits) {
        boolean rows = rowUnits >= threads;
        boolean columns = columnUnits >= threads;
        if (rows && columns) {
            long packedPerPartIfColumns = (long) call.m * call.k;
            long packedPerPartIfRows = call.packedB != null ? 0 : (long) call.k * call.n;
            return packedPerPartIfColumns <= packedPerPartIfRows;
        }
        return columns || (!rows && columnUnits >= rowUnits);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this WorkerTeam team is closed");
        }
    }

    /** A worker of this team handing it work would wait for itself: refused before taking the lock. */
    private void refuseNested() {
        if (Thread.currentThread() instanceof Worker worker && worker.team() == this) {
            throw new IllegalStateException("a task of this WorkerTeam team handed work to the same team");
        }
    }

    private void begin() {
        requireOpen();
        if (busy) {
            throw new IllegalStateException("a task of this WorkerTeam team handed work to the same team");
        }
        busy = true;
        // Close the last job's claims before this job's fields are written: a worker that read the last job's
        // exhausted claim word, and then this job's larger part count, must not be able to claim a part of
        // the last job with this job's fields (its compare-and-set now fails, since the word has changed).
        claims.set(((long) generation << 32) | Integer.MAX_VALUE);
    }

    /** Wakes the workers for the job set up in the fields, claims parts itself, waits, rethrows a failure. */
    private void dispatch() {
        failure = null;
        waiter = Thread.currentThread();
        completed.set(0);
        int next = generation + 1;
        // The job's fields were written above: a worker that claims a part of this generation sees them.
        claims.set((long) next << 32);
        generation = next;
        // A worker that went to sleep before seeing the new generation has said so (Dekker-style: its
        // flag is written before it reads generation, as generation is written before this read).
        for (Worker worker : workers) {
            if (worker.parked) {
                LockSupport.unpark(worker);
            }
        }
        computeClaimedParts(next);
        awaitParts();
        this.kernel = null;
        this.call = null;
        this.range = null;
        busy = false;
        Throwable thrown = failure;
        if (thrown instanceof RuntimeException) {
            throw (RuntimeException) thrown;
        } else if (thrown instanceof Error) {
            throw (Error) thrown;
        }
    }

    /** Claims and computes parts of generation {@code job} until none is left. */
    private void computeClaimedParts(int job) {
        while (true) {
            long c = claims.get();
            if ((int) (c >>> 32) != job) {
                return;
            }
            int part = (int) c;
            if (part >= parts) {
                return;
            }
            if (claims.compareAndSet(c, c + 1)) {
                try {
                    computePart(part);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                if (completed.incrementAndGet() == parts && waiterParked) {
                    LockSupport.unpark(waiter);
                }
            }
        }
    }

    private void awaitParts() {
        long deadline = System.nanoTime() + SPIN_NANOS;
        for (int spins = 1; completed.get() != parts; spins++) {
            if (System.nanoTime() - deadline < 0) {
                spinPause(spins);
            } else {
                waiterParked = true;
                if (completed.get() != parts) {
                    LockSupport.park(this);
                }
                waiterParked = false;
            }
        }
    }

    private void computePart(int part) {
        if (part >= parts) {
            return;
        }
        int from = part * unitsPerPart * unit;
        int to = from + unitsPerPart * unit;
        if (range != null) {
            range.run(part, from, Math.min(size, to));
            return;
        }
        GemmWorkspace ws = GemmWorkspace.get();
        if (splitColumns) {
            kernel.compute(call, 0, call.m, from, Math.min(call.n, to), ws);
        } else {
            kernel.compute(call, from, Math.min(call.m, to), 0, call.n, ws);
        }
    }

    /** A daemon thread that claims and computes parts of every job. */
    private final class Worker extends Thread {
        /** Set before the worker parks, so that the caller knows to unpark it. */
        volatile boolean parked;

        Worker(int number) {
            super("vecnet-worker-" + number);
            setDaemon(true);
        }

        WorkerTeam team() {
            return WorkerTeam.this;
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                int current = awaitJob(seen);
                if (current == seen) {
                    return;
                }
                seen = current;
                computeClaimedParts(current);
            }
        }

        /** The next generation after {@code seen}; {@code seen} itself when the team closed. */
        private int awaitJob(int seen) {
            long deadline = System.nanoTime() + SPIN_NANOS;
            int current;
            for (int spins = 1; (current = generation) == seen; spins++) {
                if (closed) {
                    return seen;
                }
                if (System.nanoTime() - deadline < 0) {
                    spinPause(spins);
                } else {
                    parked = true;
                    if (generation == seen && !closed) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
            }
            return current;
        }
    }

    /**
     * One pause of a spin loop: {@link Thread#onSpinWait()}, and every {@link #SPINS_PER_YIELD}th time
     * {@link Thread#yield()}, so that on a machine with more runnable threads than cores a spinning thread
     * hands its core to one that has work (the team's own caller included) instead of burning its time
     * slice; with idle cores a yield returns at once.
     */
    private static void spinPause(int spins) {
        if (spins % SPINS_PER_YIELD == 0) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    /** Spin pauses between two yields: a few microseconds of spinning. */
    private static final int SPINS_PER_YIELD = 64;

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
