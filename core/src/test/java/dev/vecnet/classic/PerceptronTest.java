package dev.vecnet.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Datasets;
import dev.vecnet.data.Preprocessing;

import org.junit.jupiter.api.Test;

class PerceptronTest {

    @Test
    void convergesToZeroErrorsOnSeparableData() {
        // points on either side of 2 x0 - x1 + 0.5 = 0, at least 0.1 away from it
        Random random = new Random(1);
        int n = 200;
        float[] x = new float[2 * n];
        int[] d = new int[n];
        for (int i = 0; i < n; ) {
            float a = random.nextFloat() * 4 - 2;
            float b = random.nextFloat() * 4 - 2;
            double s = 2 * a - b + 0.5;
            if (Math.abs(s) < 0.1) {
                continue;
            }
            x[2 * i] = a;
            x[2 * i + 1] = b;
            d[i++] = s > 0 ? 1 : 0;
        }
        Perceptron p = new Perceptron(2, 0.1);
        assertTrue(p.errors(x, d, n) > 0);
        int epochs = p.train(x, d, n, 1000);
        assertTrue(epochs < 1000, "converged in " + epochs + " epochs");
        assertEquals(0, p.errors(x, d, n));
        assertEquals(0, p.trainEpoch(x, d, n), "a converged perceptron no longer changes");
    }

    @Test
    void separatesSetosaFromTheOtherIrises() {
        Dataset iris = Preprocessing.standardize().fit(Datasets.iris()).apply(Datasets.iris());
        int[] d = BinaryLabels.oneVsRest(iris.labels(), 0);
        Perceptron p = new Perceptron(4, 1);
        p.train(iris.features(), d, iris.size(), 100);
        assertEquals(0, p.errors(iris.features(), d, iris.size()));
    }

    @Test
    void neverSettlesOnNonSeparableData() {
        // XOR with four points repeated: no line separates it
        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
        int[] d = {0, 1, 1, 0};
        Perceptron p = new Perceptron(2, 0.5);
        for (int epoch = 0; epoch < 500; epoch++) {
            int errors = p.trainEpoch(x, d, 4);
            assertTrue(errors > 0, "epoch " + epoch + " made no error on XOR");
        }
        assertTrue(p.errors(x, d, 4) > 0);
    }

    @Test
    void breastCancerStandardisedIsMostlyLearned() {
        Dataset raw = Datasets.breastCancer();
        Dataset data = Preprocessing.standardize().fit(raw).apply(raw);
        Perceptron p = new Perceptron(30, 0.1);
        p.train(data.features(), data.labels(), data.size(), 50);
        int errors = p.errors(data.features(), data.labels(), data.size());
        assertTrue(errors < 0.06 * data.size(), errors + " errors of " + data.size());
    }
}
