package dev.vecnet.examples.serving;

/**
 * Latency percentiles of a set of timed requests, in microseconds (HdrHistogram values: each within 0.1%
 * of the true percentile).
 *
 * @param count  the number of requests timed
 * @param p50Us  the median
 * @param p90Us  the 90th percentile
 * @param p99Us  the 99th percentile
 * @param p999Us the 99.9th percentile
 * @param maxUs  the largest
 */
public record LatencySummary(long count, long p50Us, long p90Us, long p99Us, long p999Us, long maxUs) {
}
