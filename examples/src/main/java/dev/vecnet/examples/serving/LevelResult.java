package dev.vecnet.examples.serving;

import java.util.List;
import java.util.Map;

/**
 * What one concurrency level of a {@link LoadTest} measured and found.
 *
 * @param clients       concurrent clients
 * @param good          requests sent that the service must answer (200)
 * @param rows          rows in those requests
 * @param bad           requests sent that the service must refuse (4xx)
 * @param seconds       wall time of the level, first request to last answer
 * @param latency       client-side latency of the good requests, send to whole body received
 * @param latencyByRows the same by rows per request, in increasing order of rows
 * @param wrong         answers that were not exactly right: a status other than the expected, a class or a
 *                      probability bit that differs from the in-process prediction, a missing error message
 * @param failures      requests that got no answer (connection or timeout errors)
 * @param problems      the first few of those, described
 */
public record LevelResult(int clients, long good, long rows, long bad, double seconds, LatencySummary latency,
                          Map<Integer, LatencySummary> latencyByRows, long wrong, long failures, List<String> problems) {

    /**
     * All requests per second, good and bad.
     *
     * @return {@code (good + bad) / seconds}
     */
    public double requestsPerSecond() {
        return (good + bad) / seconds;
    }

    /**
     * Rows of good requests per second.
     *
     * @return {@code rows / seconds}
     */
    public double rowsPerSecond() {
        return rows / seconds;
    }
}
