package dev.vecnet.examples.serving;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's executor: {@code connections} named daemon threads ({@code vecnet-serving-N}), each working
 * on one request at a time from its request line to its answer, and a watchdog thread that ends a request
 * whose {@link RequestDeadline} passed. The JDK server hands a connection to the executor once its first
 * bytes arrive; a request that finds every thread busy waits in a queue of {@code connections} places, and
 * one that finds the queue full is rejected, which makes the server close its connection unanswered. So at
 * most {@code connections} requests are worked on and as many wait, whatever the clients do, and a slow
 * client holds a thread for at most its deadline. Idle keep-alive connections hold no thread.
 *
 * <p>A thread that dies (only a {@link VirtualMachineError} escapes the handlers) is replaced by the pool;
 * it owns nothing, predictor slots are taken per request ({@link SlotPool}). Thread-safe.
 */
final class ConnectionExecutor extends ThreadPoolExecutor {
    /** The watchdog's longest sleep, so that even a long timeout is enforced within a second of passing. */
    private static final long MAX_TICK_MILLIS = 1_000;
    /** The watchdog's shortest sleep. */
    private static final long MIN_TICK_MILLIS = 10;

    private final Set<RequestDeadline> deadlines = ConcurrentHashMap.newKeySet();
    private final Thread watchdog;

    /**
     * @param connections requests worked on at once, and requests that may wait, {@code >= 1}
     * @param timeout     how long a request's reading, and then its answer's writing, may each take
     */
    ConnectionExecutor(int connections, Duration timeout) {
        super(connections, connections, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(connections));
        long timeoutNanos = timeout.toNanos();
        AtomicInteger numbers = new AtomicInteger();
        setThreadFactory(task -> new ConnectionThread(task, "vecnet-serving-" + numbers.getAndIncrement(), timeoutNanos));
        // A tenth of the timeout: a request is cut off at most 10 % after its deadline.
        long tick = Math.max(MIN_TICK_MILLIS, Math.min(MAX_TICK_MILLIS, timeout.toMillis() / 10));
        watchdog = new Thread(() -> watch(tick), "vecnet-serving-deadlines");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    protected void beforeExecute(Thread thread, Runnable task) {
        ((ConnectionThread) thread).deadline.start();
    }

    @Override
    protected void afterExecute(Runnable task, Throwable failure) {
        RequestDeadline.current().finish();
    }

    @Override
    protected void terminated() {
        watchdog.interrupt();
    }

    private void watch(long tickMillis) {
        while (!isTerminated()) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (RequestDeadline deadline : deadlines) {
                deadline.expireIfDue(now);
            }
        }
    }

    /** A connection thread and the deadline of the request it works on. */
    final class ConnectionThread extends Thread {
        final RequestDeadline deadline;

        ConnectionThread(Runnable task, String name, long timeoutNanos) {
            super(task, name);
            this.deadline = new RequestDeadline(this, timeoutNanos);
            setDaemon(true);
        }

        @Override
        public void run() {
            deadlines.add(deadline);
            try {
                super.run();
            } finally {
                deadlines.remove(deadline);
            }
        }
    }
}
