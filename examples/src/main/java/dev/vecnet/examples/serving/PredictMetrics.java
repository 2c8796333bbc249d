package dev.vecnet.examples.serving;

import java.util.concurrent.atomic.LongAdder;

/**
 * What {@code GET /metrics} reports about {@code POST /predict}: the latency of every request, timed
 * server-side around the whole handler (reading, parsing, predicting, writing), and how many were
 * answered (2xx), refused (4xx) or failed (5xx). Thread-safe; recording allocates nothing.
 */
final class PredictMetrics {
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LongAdder ok = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();

    void record(long nanos, int status) {
        latency.record(nanos);
        (status < 400 ? ok : status < 500 ? refused : failed).increment();
    }

    byte[] toJson() {
        return JsonResponses.metrics(latency.summary(), ok.sum(), refused.sum(), failed.sum());
    }
}
