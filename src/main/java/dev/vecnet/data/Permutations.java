package dev.vecnet.data;

import java.util.Random;

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

    /** Shuffles {@code order[0..n)} in place; allocates nothing. */
    static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
