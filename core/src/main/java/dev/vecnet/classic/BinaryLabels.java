package dev.vecnet.classic;

/** Turns class labels into the two-class outputs the historical rules learn. Stateless, thread-safe. */
public final class BinaryLabels {
    private BinaryLabels() {
    }

    /**
     * {@code [n]}: 1 where {@code labels[i] == positive}, else 0. Allocates the result.
     *
     * @param labels class labels, one per example; not modified
     * @param positive the class that becomes the positive output
     * @return a new array of the same length as labels
     */
    public static int[] oneVsRest(int[] labels, int positive) {
        int[] d = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            d[i] = labels[i] == positive ? 1 : 0;
        }
        return d;
    }

    /**
     * {@code [n]} floats: {@code high} where {@code labels[i] == positive}, else {@code low}.
     *
     * @param labels class labels, one per example; not modified
     * @param positive the class that becomes the positive output
     * @param low the output for every other class
     * @param high the output for the positive class
     * @return a new array of the same length as labels
     */
    public static float[] oneVsRest(int[] labels, int positive, float low, float high) {
        float[] d = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            d[i] = labels[i] == positive ? high : low;
        }
        return d;
    }
}
