package dev.vecnet.spark;

/**
 * Hands a Spark ML uid to a Java subclass of a Scala ML class before its fields are set: the Scala parent's
 * constructor creates its params, and each param asks its parent for {@code uid()}, while the subclass's own
 * fields are still unset. The subclass's constructor stores the uid here, and its {@code uid()} takes it on
 * the first call, on the same thread.
 */
final class PendingUid {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private PendingUid() {
    }

    /** Stores {@code uid} for the constructor about to run on this thread; the return value only selects it. */
    static Void set(String uid) {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("uid must not be empty");
        }
        PENDING.set(uid);
        return null;
    }

    /** The uid stored by {@link #set}, removed. */
    static String take() {
        String uid = PENDING.get();
        PENDING.remove();
        if (uid == null) {
            throw new IllegalStateException("no uid is pending on this thread");
        }
        return uid;
    }
}
