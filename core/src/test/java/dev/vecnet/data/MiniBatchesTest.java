package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

class MiniBatchesTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static Dataset data(int n, int f) {
        float[] x = new float[n * f];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = i * 1000 + j;
            }
            y[i] = i % 3;
        }
        return Dataset.ofLabels(x, f, y);
    }

    @Test
    void everyEpochVisitsEachExampleOnceWithItsLabel() {
        MiniBatches batches = new MiniBatches(data(23, 4), 5, 9);
        for (int epoch = 0; epoch < 3; epoch++) {
            batches.shuffle();
            boolean[] seen = new boolean[23];
            int total = 0;
            int batchCount = 0;
            while (batches.next()) {
                batchCount++;
                for (int i = 0; i < batches.count(); i++) {
                    int example = (int) batches.x()[i * 4] / 1000;
                    assertFalse(seen[example]);
                    seen[example] = true;
                    assertEquals(example * 1000 + 3, batches.x()[i * 4 + 3]);
                    assertEquals(example % 3, batches.labels()[i]);
                }
                total += batches.count();
            }
            assertEquals(23, total);
            assertEquals(5, batchCount);
            assertEquals(0, batches.count());
        }
    }

    @Test
    void regressionTargetsAreGathered() {
        Dataset d = Dataset.ofTargets(new float[] {0, 1, 2}, 1, new float[] {0, 10, 1, 11, 2, 12}, 2);
        MiniBatches batches = new MiniBatches(d, 2, 1);
        batches.shuffle();
        while (batches.next()) {
            for (int i = 0; i < batches.count(); i++) {
                assertEquals(batches.x()[i] + 10, batches.targets()[2 * i + 1]);
            }
        }
    }

    @Test
    void shufflingAndGatheringAllocateNothingOnceWarm() {
        MiniBatches batches = new MiniBatches(data(1000, 16), 32, 5);
        Runnable epoch = () -> {
            batches.shuffle();
            while (batches.next()) {
                // gather only
            }
        };
        int zeroRounds = 0;
        long last = -1;
        for (int round = 0; round < 200 && zeroRounds < 3; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20; i++) {
                epoch.run();
            }
            last = THREADS.getCurrentThreadAllocatedBytes() - before;
            zeroRounds = last == 0 ? zeroRounds + 1 : 0;
        }
        assertEquals(0, last, "bytes allocated by 20 epochs after warm-up");
        assertEquals(3, zeroRounds);
    }
}
