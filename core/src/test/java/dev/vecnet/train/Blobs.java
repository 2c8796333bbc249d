package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import java.util.SplittableRandom;

/** Gaussian blobs: {@code classes} centres on a circle of radius {@code spread}, unit-variance noise. */
final class Blobs {
    private Blobs() {
    }

    static Dataset make(int n, int features, int classes, double spread, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            y[i] = c;
            for (int f = 0; f < features; f++) {
                double centre = f < 2 ? spread * (f == 0 ? Math.cos(2 * Math.PI * c / classes) : Math.sin(2 * Math.PI * c / classes)) : 0;
                x[i * features + f] = (float) (centre + gaussian(r));
            }
        }
        return Dataset.ofLabels(x, features, y, classes);
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
