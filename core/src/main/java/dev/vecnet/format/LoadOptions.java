package dev.vecnet.format;

/**
 * How strictly a model file is read.
 *
 * @param allowNonFinite whether NaN and infinite floats are accepted (default false: rejected)
 * @param maxBytes       the largest file accepted, in bytes (default {@link #DEFAULT_MAX_BYTES})
 */
public record LoadOptions(boolean allowNonFinite, long maxBytes) {
    /** The default size limit: the largest byte array a JVM allocates. */
    public static final long DEFAULT_MAX_BYTES = Integer.MAX_VALUE - 8;

    /**
     * Checks the limit.
     *
     * @param allowNonFinite whether NaN and infinite floats are accepted
     * @param maxBytes       the largest file accepted, in bytes, in {@code [8, DEFAULT_MAX_BYTES]}
     */
    public LoadOptions {
        if (maxBytes < 8 || maxBytes > DEFAULT_MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes must be in [8, " + DEFAULT_MAX_BYTES + "], was " + maxBytes);
        }
    }

    /**
     * Finite values only, files up to {@link #DEFAULT_MAX_BYTES}.
     *
     * @return options rejecting non-finite values, with the largest size limit
     */
    public static LoadOptions defaults() {
        return new LoadOptions(false, DEFAULT_MAX_BYTES);
    }

    /**
     * A copy that accepts (or rejects) NaN and infinity.
     *
     * @param allow true to accept NaN and infinity, false to reject them
     * @return new options; these are unchanged
     */
    public LoadOptions withAllowNonFinite(boolean allow) {
        return new LoadOptions(allow, maxBytes);
    }

    /**
     * A copy with this size limit.
     *
     * @param limit the largest file accepted, in bytes, in {@code [8, DEFAULT_MAX_BYTES]}
     * @return new options; these are unchanged
     */
    public LoadOptions withMaxBytes(long limit) {
        return new LoadOptions(allowNonFinite, limit);
    }
}
