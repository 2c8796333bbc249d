package dev.vecnet.train;

/**
 * The median of part of an array by selection (Hoare's partition, middle pivot), in place: unlike
 * {@code Arrays.sort}, which on some JDKs allocates a work array for input made of sorted runs, it allocates
 * nothing, and it takes O(n) expected time. Stateless, thread-safe.
 */
final class Median {
    private Median() {
    }

    /**
     * The median of {@code values[0, n)}: the middle value for odd {@code n}, the mean of the two middle values for
     * even {@code n}, exactly as after sorting. Reorders those values; allocates nothing.
     *
     * @param values the values, none NaN; the first {@code n} are reordered
     * @param n      how many, {@code >= 1}
     * @return the median
     */
    static double of(double[] values, int n) {
        int k = n / 2;
        select(values, n, k);
        double upper = values[k];
        if (n % 2 == 1) {
            return upper;
        }
        // After the selection every value before k is at most values[k]: the lower middle is their largest.
        double lower = values[0];
        for (int i = 1; i < k; i++) {
            lower = Math.max(lower, values[i]);
        }
        return (lower + upper) / 2;
    }

    /** Reorders {@code v[0, n)} so that {@code v[k]} is the k-th smallest, none after it smaller, none before larger. */
    private static void select(double[] v, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = v[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = v[i];
                    v[i] = v[j];
                    v[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }
}
