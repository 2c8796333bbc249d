package dev.vecnet.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Datasets;
import dev.vecnet.data.Preprocessing;

import org.junit.jupiter.api.Test;

class AdalineTest {

    /** Solves the normal equations {@code (A^T A) w = A^T d}, A = [x | 1], in double (Gauss-Jordan, pivoting). */
    static double[] leastSquares(float[] x, float[] d, int n, int f) {
        int m = f + 1;
        double[][] a = new double[m][m + 1];
        for (int e = 0; e < n; e++) {
            for (int i = 0; i < m; i++) {
                double xi = i < f ? x[e * f + i] : 1;
                for (int j = 0; j < m; j++) {
                    a[i][j] += xi * (j < f ? x[e * f + j] : 1);
                }
                a[i][m] += xi * d[e];
            }
        }
        for (int c = 0; c < m; c++) {
            int pivot = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < m; r++) {
                if (r != c) {
                    double factor = a[r][c] / a[c][c];
                    for (int k = c; k <= m; k++) {
                        a[r][k] -= factor * a[c][k];
                    }
                }
            }
        }
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = a[i][m] / a[i][i];
        }
        return w;
    }

    @Test
    void reachesTheLeastSquaresSolutionOnNonSeparableData() {
        // two overlapping Gaussian classes in 3 correlated features, targets 0/1: not separable
        Random random = new Random(4);
        int n = 300;
        int f = 3;
        float[] x = new float[n * f];
        float[] d = new float[n];
        for (int e = 0; e < n; e++) {
            d[e] = e % 2;
            double shift = d[e] == 1 ? 0.5 : -0.5;
            double g = random.nextGaussian();
            x[e * f] = (float) (g + shift);
            x[e * f + 1] = (float) (0.5 * g + random.nextGaussian());
            x[e * f + 2] = (float) (random.nextGaussian() * 2 + shift + 1);
        }
        double[] expected = leastSquares(x, d, n, f);
        Adaline adaline = new Adaline(f, 0.1 / n);
        double first = adaline.trainEpoch(x, d, n);
        double last = adaline.train(x, d, n, 3000);
        assertTrue(last < first);
        double[] w = adaline.weights();
        for (int i = 0; i < f; i++) {
            assertEquals(expected[i], w[i], 1e-4, "weight " + i);
        }
        assertEquals(expected[f], adaline.bias(), 1e-4, "bias");
        // and the data really is not separable: a perceptron keeps making errors
        int[] labels = new int[n];
        for (int e = 0; e < n; e++) {
            labels[e] = (int) d[e];
        }
        Perceptron p = new Perceptron(f, 0.1);
        p.train(x, labels, n, 200);
        assertTrue(p.errors(x, labels, n) > 0);
    }

    @Test
    void classifiesStandardisedBreastCancer() {
        Dataset raw = Datasets.breastCancer();
        Dataset data = Preprocessing.standardize().fit(raw).apply(raw);
        float[] d = BinaryLabels.oneVsRest(data.labels(), 1, -1f, 1f);
        Adaline adaline = new Adaline(30, 0.2 / (data.size() * 30));
        adaline.train(data.features(), d, data.size(), 500);
        int errors = 0;
        for (int e = 0; e < data.size(); e++) {
            errors += adaline.classify(data.features(), e * 30, 0) != data.labels()[e] ? 1 : 0;
        }
        assertTrue(errors < 0.08 * data.size(), errors + " errors of " + data.size());
    }
}
