package dev.vecnet.examples.serving;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * A latency histogram that any number of threads record into: HdrHistogram's {@link Recorder}, whose
 * {@code recordValue} is wait-free and allocates nothing, with microsecond values from 1 us to 60 s at
 * three significant digits (about 0.1% resolution; a slower request counts as 60 s). {@link #summary()}
 * moves what was recorded into a running total under a lock and reads the percentiles from it.
 */
final class LatencyHistogram {
    private static final long HIGHEST_US = TimeUnit.SECONDS.toMicros(60);

    private final Recorder recorder = new Recorder(HIGHEST_US, 3);
    private final Histogram total = new Histogram(HIGHEST_US, 3);
    private Histogram interval;

    /** Records one latency of {@code nanos} nanoseconds; allocation-free, thread-safe. */
    void record(long nanos) {
        recorder.recordValue(Math.max(1, Math.min(HIGHEST_US, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }

    /** Everything recorded so far. */
    synchronized LatencySummary summary() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return new LatencySummary(total.getTotalCount(), total.getValueAtPercentile(50), total.getValueAtPercentile(90),
                total.getValueAtPercentile(99), total.getValueAtPercentile(99.9), total.getMaxValue());
    }
}
