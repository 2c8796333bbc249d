package dev.vecnet.data;

import java.util.random.RandomGenerator;

/** Index permutations: the identity and an in-place Fisher-Yates shuffle. */
final class Permutations {
    private Permutations() {
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * Shuffles {@code order} in place (Fisher-Yates, from the last index down, {@code j = random.nextInt(i + 1)});
     * allocates nothing. The only shuffle of the library: data sets, splits and training epochs use it.
     */
    static void shuffle(int[] order, RandomGenerator random) {
        shuffle(order, 0, order.length, random);
    }

    /**
     * Shuffles {@code order[from, from + n)} in place exactly as {@link #shuffle(int[], RandomGenerator)} shuffles
     * an array of those {@code n} entries; allocates nothing.
     */
    static void shuffle(int[] order, int from, int n, RandomGenerator random) {
        for (int i = n - 1; i > 0; i--) {
            int j = from + random.nextInt(i + 1);
            int t = order[from + i];
            order[from + i] = order[j];
            order[j] = t;
        }
    }
}
