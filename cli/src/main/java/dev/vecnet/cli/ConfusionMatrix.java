package dev.vecnet.cli;

import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs, with the accuracy and per-class accuracy (recall) derived
 * from them. Immutable after {@link #of}; thread-safe to read.
 */
final class ConfusionMatrix {
    private final long[][] counts;
    private final long total;

    private ConfusionMatrix(long[][] counts, long total) {
        this.counts = counts;
        this.total = total;
    }

    /**
     * Tallies predictions against labels.
     *
     * @param labels    true classes, each in [0, classes)
     * @param predicted predicted classes, each in [0, classes), same length as {@code labels}
     */
    public static ConfusionMatrix of(int[] labels, int[] predicted, int classes) {
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predicted.length + " predictions");
        }
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < labels.length; i++) {
            counts[labels[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(counts, labels.length);
    }

    /** Number of classes. */
    public int classes() {
        return counts.length;
    }

    /** Examples of class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** All examples counted. */
    public long total() {
        return total;
    }

    /** Share of examples on the diagonal; NaN when there are none. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** Share of the examples of class {@code c} predicted as {@code c}; NaN when the class has none. */
    public double classAccuracy(int c) {
        long n = 0;
        for (long v : counts[c]) {
            n += v;
        }
        return n == 0 ? Double.NaN : (double) counts[c][c] / n;
    }

    /**
     * The matrix as a text table: one row per true class, one column per predicted class, then the row's
     * example count and per-class accuracy.
     */
    public String toTable() {
        int width = Math.max(5, Long.toString(total).length() + 1);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-12s", "true \\ pred"));
        for (int p = 0; p < counts.length; p++) {
            sb.append(String.format(Locale.ROOT, "%" + width + "d", p));
        }
        sb.append(String.format(Locale.ROOT, "  %" + width + "s  %9s%n", "n", "accuracy"));
        for (int a = 0; a < counts.length; a++) {
            sb.append(String.format(Locale.ROOT, "%-12d", a));
            long n = 0;
            for (int p = 0; p < counts.length; p++) {
                sb.append(String.format(Locale.ROOT, "%" + width + "d", counts[a][p]));
                n += counts[a][p];
            }
            sb.append(String.format(Locale.ROOT, "  %" + width + "d  %8.2f%%%n", n, 100 * classAccuracy(a)));
        }
        return sb.toString();
    }
}
