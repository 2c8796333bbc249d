package dev.vecnet.examples.serving;

import java.util.List;

/**
 * What a {@link LoadTest} found.
 *
 * @param firstRequestUs the latency of the very first request, a 1-row prediction, in microseconds (for an
 *                       in-process service: right after its warm-up)
 * @param levels         one result per concurrency level, in the order run
 * @param serverMetrics  the service's {@code GET /metrics} body after the last level
 */
public record LoadTestReport(long firstRequestUs, List<LevelResult> levels, String serverMetrics) {

    /**
     * Whether every answer was right and every request was answered.
     *
     * @return true when no level has a wrong answer or a failed request
     */
    public boolean allCorrect() {
        return levels.stream().allMatch(l -> l.wrong() == 0 && l.failures() == 0);
    }
}
