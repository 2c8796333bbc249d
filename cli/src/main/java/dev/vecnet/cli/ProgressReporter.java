package dev.vecnet.cli;

import java.util.Locale;

/**
 * Progress of long work counted in units (batches, trials): done out of total, rate, elapsed time and ETA.
 *
 * <p>When {@code err} is a terminal ({@link Output#interactive()}, decided by {@link Output#progressBar}) it is
 * a bar on {@code err}, redrawn in place at most ten times a second; lines printed through {@link #println} appear above it. Elsewhere (a log, a pipe, a test)
 * it writes plain lines without carriage returns: one every {@link #PLAIN_INTERVAL_NANOS} at most, and one
 * when closed.
 *
 * <p>Thread-safe: parallel search trials advance one reporter; every method is synchronized.
 */
public final class ProgressReporter implements AutoCloseable {
    /** Shortest time between two plain progress lines. */
    public static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 30;

    private final Output output;
    private final String task;
    private final long total;
    private final String unit;
    private final long start = System.nanoTime();
    private long done;
    private long lastShown = start;
    private boolean barShown;
    private boolean closed;

    private ProgressReporter(Output output, String task, long total, String unit) {
        this.output = output;
        this.task = task;
        this.total = Math.max(1, total);
        this.unit = unit;
    }

    /**
     * Starts reporting.
     *
     * @param task  what runs, e.g. {@code train}
     * @param total units of the whole task (an estimate is fine: an early stop leaves the bar short)
     * @param unit  plural noun of the unit, e.g. {@code batches}
     */
    public static ProgressReporter start(Output output, String task, long total, String unit) {
        return new ProgressReporter(output, task, total, unit);
    }

    /** Records {@code units} more done and redraws or logs when it is time. */
    public synchronized void advance(long units) {
        done = Math.min(total, done + units);
        long now = System.nanoTime();
        if (output.interactive() && now - lastShown >= REDRAW_NANOS) {
            drawBar(now);
        } else if (!output.interactive() && now - lastShown >= PLAIN_INTERVAL_NANOS) {
            output.err().println(status(now));
            output.err().flush();
            lastShown = now;
        }
    }

    /** Prints {@code line} to {@code out}, keeping the bar (if any) below it. */
    public synchronized void println(String line) {
        clearBar();
        output.out().println(line);
        output.out().flush();
        if (output.interactive() && !closed) {
            drawBar(System.nanoTime());
        }
    }

    /** Ends reporting: removes the bar, or writes a last plain line. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        clearBar();
        if (!output.interactive()) {
            output.err().println(status(System.nanoTime()));
            output.err().flush();
        }
    }

    /** One status line, e.g. {@code train: 45% (1215/2700 batches), 812.3 batches/s, elapsed 0:01, ETA 0:02}. */
    String status(long now) {
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? duration((total - done) / rate) : "?";
        return String.format(Locale.ROOT, "%s: %3d%% (%d/%d %s), %.1f %s/s, elapsed %s, ETA %s", task,
                100 * done / total, done, total, unit, rate, unit, duration(seconds), eta);
    }

    /** Seconds as {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private void drawBar(long now) {
        int filled = (int) (BAR_WIDTH * done / total);
        String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
        output.err().print("\r[" + bar + "] " + status(now) + "\u001b[K");
        output.err().flush();
        barShown = true;
        lastShown = now;
    }

    private void clearBar() {
        if (barShown) {
            output.err().print("\r\u001b[K");
            output.err().flush();
            barShown = false;
        }
    }
}
