package dev.vecnet.examples.serving;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The bytes the calling thread has allocated so far, from HotSpot's
 * {@code com.sun.management.ThreadMXBean}; where the JVM cannot count them, {@link #counted()} is false and
 * {@link #bytes()} always 0. Confined to the thread that made it.
 */
final class ThreadAllocation {
    private final com.sun.management.ThreadMXBean threads;
    private final long threadId;

    private ThreadAllocation(com.sun.management.ThreadMXBean threads, long threadId) {
        this.threads = threads;
        this.threadId = threadId;
    }

    static ThreadAllocation ofCurrentThread() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        boolean supported = bean instanceof com.sun.management.ThreadMXBean hotspot
                && hotspot.isThreadAllocatedMemorySupported() && hotspot.isThreadAllocatedMemoryEnabled();
        return new ThreadAllocation(supported ? (com.sun.management.ThreadMXBean) bean : null, Thread.currentThread().getId());
    }

    boolean counted() {
        return threads != null;
    }

    long bytes() {
        return threads == null ? 0 : threads.getThreadAllocatedBytes(threadId);
    }
}
