package dev.vecnet.examples.serving;

import dev.vecnet.nn.InferenceContext;

import java.net.InetAddress;
import java.time.Duration;

/**
 * How a {@link PredictionService} listens and what it accepts.
 *
 * @param bindAddress  the address to listen on; {@link #loopback} uses the loopback interface, so that only
 *                     this machine can reach the service
 * @param port         the TCP port, or 0 for any free one ({@link PredictionService#port()} tells which)
 * @param threads      predictor slots, {@code >= 1}: the most predictions that run at once; each slot is a
 *                     predictor and buffers of {@code maxRows} rows, taken by a request for its parsing and
 *                     prediction
 * @param maxRows      the most rows one request may carry, {@code >= 1}; more is answered 413
 * @param maxBodyBytes the largest request body in bytes, {@code >= 1}; more is answered 413 without being
 *                     parsed
 * @param warmUpBudget the most time a model's warm-up may take before it serves; it ends sooner once the
 *                     predictions run allocation-free ({@link ModelSwap#warmedUp()})
 * @param warmUpPasses the most forward passes of the library's warm-up, {@code >= 0}
 * @param maxConnections the most requests worked on at once, {@code >= 1}, each on a connection thread of its
 *                     own from its request line to its answer; as many more may wait for a thread, and the
 *                     connection of any further request is closed unanswered
 * @param readTimeout  how long a request's line, headers and body may take to arrive, counted from when a
 *                     connection thread starts reading it, and then how long writing its answer may take; a
 *                     request over it has its connection closed unanswered; positive
 */
public record ServiceOptions(InetAddress bindAddress, int port, int threads, int maxRows, int maxBodyBytes,
                             Duration warmUpBudget, long warmUpPasses, int maxConnections, Duration readTimeout) {
    /** The default of {@link #maxConnections()}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    /** The default of {@link #readTimeout()}, in seconds. */
    public static final int DEFAULT_READ_TIMEOUT_SECONDS = 10;

    /**
     * Checks every field.
     *
     * @param bindAddress the address to listen on, not null
     * @param port the TCP port in [0, 65535], 0 for any free one
     * @param threads predictor slots, {@code >= 1}
     * @param maxRows the most rows per request, {@code >= 1}
     * @param maxBodyBytes the largest request body in bytes, {@code >= 1}
     * @param warmUpBudget the most time a warm-up may take, not negative
     * @param warmUpPasses the most passes of the library's warm-up, {@code >= 0}
     * @param maxConnections the most requests worked on at once, {@code >= 1}
     * @param readTimeout the most time reading a request, or writing its answer, may take; positive
     * @throws IllegalArgumentException naming the first field out of range
     */
    public ServiceOptions {
        if (bindAddress == null) {
            throw new IllegalArgumentException("bindAddress must not be null");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, was " + maxRows);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 1, was " + maxBodyBytes);
        }
        if (warmUpBudget == null || warmUpBudget.isNegative()) {
            throw new IllegalArgumentException("warmUpBudget must be a non-negative duration, was " + warmUpBudget);
        }
        if (warmUpPasses < 0) {
            throw new IllegalArgumentException("warmUpPasses must be >= 0, was " + warmUpPasses);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
        }
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be a positive duration, was " + readTimeout);
        }
    }

    /**
     * Options for a service on the loopback interface with the default warm-up: at most 10 seconds, of
     * which the library's part runs at most {@value InferenceContext#DEFAULT_WARM_UP_PASSES} passes;
     * {@value #DEFAULT_MAX_CONNECTIONS} connections and a read timeout of
     * {@value #DEFAULT_READ_TIMEOUT_SECONDS} seconds.
     *
     * @param port         the TCP port, or 0 for any free one
     * @param threads      predictor slots, {@code >= 1}
     * @param maxRows      the most rows per request, {@code >= 1}
     * @param maxBodyBytes the largest request body in bytes, {@code >= 1}
     * @return the options
     * @throws IllegalArgumentException when a value is out of range
     */
    public static ServiceOptions loopback(int port, int threads, int maxRows, int maxBodyBytes) {
        return new ServiceOptions(InetAddress.getLoopbackAddress(), port, threads, maxRows, maxBodyBytes,
                Duration.ofSeconds(10), InferenceContext.DEFAULT_WARM_UP_PASSES, DEFAULT_MAX_CONNECTIONS,
                Duration.ofSeconds(DEFAULT_READ_TIMEOUT_SECONDS));
    }

    /**
     * These options with another warm-up bound (tests use a short one).
     *
     * @param budget the most time the warm-up may take
     * @param passes the most forward passes of the library's warm-up
     * @return new options, the rest unchanged
     * @throws IllegalArgumentException when a value is out of range
     */
    public ServiceOptions withWarmUp(Duration budget, long passes) {
        return new ServiceOptions(bindAddress, port, threads, maxRows, maxBodyBytes, budget, passes, maxConnections,
                readTimeout);
    }

    /**
     * These options with other connection limits (tests use a short timeout).
     *
     * @param connections the most requests worked on at once
     * @param timeout     the most time reading a request, or writing its answer, may take
     * @return new options, the rest unchanged
     * @throws IllegalArgumentException when a value is out of range
     */
    public ServiceOptions withConnections(int connections, Duration timeout) {
        return new ServiceOptions(bindAddress, port, threads, maxRows, maxBodyBytes, warmUpBudget, warmUpPasses,
                connections, timeout);
    }
}
