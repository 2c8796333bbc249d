package dev.vecnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** Eight threads, each with its own inference context, give exactly the single-threaded answers. */
class ServingStressTest {
    @Test
    void concurrentInferenceMatchesSingleThreaded() throws Exception {
        Network net = Network.builder(12).dense(24).batchNorm().relu().dropout(0.5f).dense(16).tanh().dense(5)
                .maxBatch(8).seed(11).build();
        SplittableRandom random = new SplittableRandom(5);
        int examples = 64;
        float[] x = new float[examples * 12];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-3, 3);
        }
        // Train a few steps so that BatchNorm's running statistics are not the defaults.
        int[] labels = new int[8];
        TrainingContext training = net.newTrainingContext(8, false);
        for (int s = 0; s < 20; s++) {
            training.forwardBackward(x, (s % 8) * 8 * 12, 8, labels, null);
        }
        float[] expected = new float[examples * 5];
        InferenceContext single = net.newInferenceContext(8);
        for (int e = 0; e < examples; e++) {
            single.predict(x, e * 12, 1, expected, e * 5);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int batch = 1 + t % 8;
                results.add(pool.submit(() -> {
                    InferenceContext ctx = net.newInferenceContext(8);
                    float[] out = new float[examples * 5];
                    for (int round = 0; round < 200; round++) {
                        for (int e = 0; e + batch <= examples; e += batch) {
                            ctx.predict(x, e * 12, batch, out, e * 5);
                        }
                        for (int e = examples / batch * batch; e < examples; e++) {
                            ctx.predict(x, e * 12, 1, out, e * 5);
                        }
                    }
                    return out;
                }));
            }
            for (Future<float[]> f : results) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
