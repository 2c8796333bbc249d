package dev.vecnet.examples.serving;

/**
 * The time limit of the request a connection thread is working on. The JDK's server reads a request's line,
 * headers and body with blocking reads and no time limit of its own; a deadline that passes interrupts the
 * thread, which closes the connection's channel ({@link java.nio.channels.InterruptibleChannel}), so the
 * blocked read ends with a {@link java.nio.channels.ClosedByInterruptException} and the connection is
 * dropped unanswered.
 *
 * <p>Phases: {@link #start} when a request reaches the thread (its request line is about to be read);
 * {@link #pause} once it is read, for the work that does no I/O (waiting for a predictor, parsing,
 * predicting), which is then never interrupted; {@link #resume} for writing the answer, with a fresh
 * timeout; {@link #finish} when the thread is done with the request. The interrupt is sent while holding
 * this object's lock and {@link #finish} takes the lock before clearing the thread's interrupt status, so
 * an interrupt never reaches the thread's next request.
 *
 * <p>Thread-safety: {@link #expireIfDue} runs on the watchdog thread, everything else on the owner thread;
 * the state is guarded by this object's lock. Allocates nothing.
 */
final class RequestDeadline {
    /** The deadline of threads that are not a service's connection threads: never armed, never expires. */
    private static final RequestDeadline UNWATCHED = new RequestDeadline(null, Long.MAX_VALUE);

    private final Thread owner;
    private final long timeoutNanos;
    private long due;
    private boolean armed;
    private boolean expired;

    RequestDeadline(Thread owner, long timeoutNanos) {
        this.owner = owner;
        this.timeoutNanos = timeoutNanos;
    }

    /** The deadline of the calling thread's request; an inert one on a thread that no watchdog watches. */
    static RequestDeadline current() {
        return Thread.currentThread() instanceof ConnectionExecutor.ConnectionThread thread ? thread.deadline : UNWATCHED;
    }

    /** Arms the deadline, {@code timeout} from now, for a request that reaches the owner thread. */
    synchronized void start() {
        expired = false;
        arm();
    }

    /**
     * Disarms the deadline for work that does no I/O.
     *
     * @return false when it had already passed: the connection is being closed and the request must end
     */
    synchronized boolean pause() {
        armed = false;
        return !expired;
    }

    /** Arms the deadline again, {@code timeout} from now, unless it already expired. */
    synchronized void resume() {
        if (!expired) {
            arm();
        }
    }

    private void arm() {
        if (owner != null) {
            due = System.nanoTime() + timeoutNanos;
            armed = true;
        }
    }

    /** Disarms the deadline and clears an interrupt it sent; call on the owner thread when the request ends. */
    void finish() {
        synchronized (this) {
            armed = false;
        }
        // The interrupt was sent under the lock just taken, so it is visible here and cannot come later.
        Thread.interrupted();
    }

    /**
     * Interrupts the owner thread when the deadline is armed and has passed at {@code now}
     * ({@link System#nanoTime()}); the request then ends. Called by the watchdog.
     */
    synchronized void expireIfDue(long now) {
        if (armed && now - due >= 0) {
            armed = false;
            expired = true;
            owner.interrupt();
        }
    }
}
