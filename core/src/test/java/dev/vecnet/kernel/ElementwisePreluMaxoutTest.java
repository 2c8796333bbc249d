package dev.vecnet.kernel;

import static dev.vecnet.kernel.ElementwiseTestSupport.SENTINEL;
import static dev.vecnet.kernel.ElementwiseTestSupport.assertMatrixGuards;
import static dev.vecnet.kernel.ElementwiseTestSupport.assertSameBits;
import static dev.vecnet.kernel.ElementwiseTestSupport.lengths;
import static dev.vecnet.kernel.ElementwiseTestSupport.matrix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * PReLU (per-column and single slope) and maxout, forward and backward: the scalar path against the
 * formulas, the vector path against the scalar path at every column split, with offsets, leading
 * dimensions larger than the rows and sentinels in the padding.
 */
class ElementwisePreluMaxoutTest {
    private static final int[] ROWS = {1, 3, 7};

    private static List<ElementwiseKernel> kernels() {
        return Kernels.path() == Kernels.Path.VECTOR
                ? List.of(ElementwiseTestSupport.scalar(), ElementwiseTestSupport.vector())
                : List.of(ElementwiseTestSupport.scalar());
    }

    /** Sets about a tenth of a matrix's elements to exact zeros (the kink of the rectifier). */
    private static void sprinkleZeros(SplittableRandom rnd, float[] a, int off, int ld, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (rnd.nextInt(10) == 0) {
                    a[off + i * ld + j] = rnd.nextBoolean() ? 0f : -0f;
                }
            }
        }
    }

    private record PreluResult(float[] y, float[] dx, float[] dSlopes) {
    }

    private static PreluResult prelu(ElementwiseKernel k, int rows, int cols, boolean perColumn, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int ldx = cols + 3;
        int ld = cols + 2;
        float[] x = matrix(rnd, rows, cols, 2, ldx, -3, 3);
        sprinkleZeros(rnd, x, 2, ldx, rows, cols);
        float[] dy = matrix(rnd, rows, cols, 1, ld, -1, 1);
        float[] slopes = ElementwiseTestSupport.uniform(rnd, cols + 4, -0.5, 0.5);
        float[] y = ElementwiseTestSupport.sentinels(rows, cols, 4, ld);
        float[] dx = y.clone();
        float[] dSlopes = new float[cols + 6];
        Arrays.fill(dSlopes, SENTINEL);
        float[] x0 = x.clone();
        k.prelu(rows, cols, x, 2, ldx, slopes, 4, perColumn, y, 4, ld);
        k.preluBackward(rows, cols, x, 2, ldx, slopes, 4, perColumn, dy, 1, ld, dx, 4, ld, dSlopes, 3);
        assertMatrixGuards(y, 4, ld, rows, cols, "prelu y");
        assertMatrixGuards(dx, 4, ld, rows, cols, "prelu dx");
        int n = perColumn ? cols : 1;
        for (int j = 0; j < dSlopes.length; j++) {
            if (j < 3 || j >= 3 + n) {
                assertEquals(SENTINEL, dSlopes[j], "dSlopes guard");
            }
        }
        assertSameBits(x0, x, "prelu input");
        // Check against the formulas on the scalar path's terms.
        double total = 0;
        double totalAbs = 0;
        float[] columnSum = new float[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float v = x[2 + i * ldx + j];
                float g = dy[1 + i * ld + j];
                float a = slopes[perColumn ? 4 + j : 4];
                assertEquals(Float.floatToIntBits(v < 0f ? v * a : v), Float.floatToIntBits(y[4 + i * ld + j]), "y");
                assertEquals(Float.floatToIntBits(v > 0f ? g : g * a), Float.floatToIntBits(dx[4 + i * ld + j]), "dx");
                float c = v > 0f ? 0f : v * g;
                columnSum[j] += c;
                total += c;
                totalAbs += Math.abs(c);
            }
        }
        if (perColumn) {
            // Per column, in row order: exactly the float sum.
            assertSameBits(columnSum, Arrays.copyOfRange(dSlopes, 3, 3 + cols), "dSlopes per column");
        } else {
            // Recursive summation in float: at most count * 2^-24 * sum |terms| from the exact sum.
            assertEquals(total, dSlopes[3], 6e-8 * rows * cols * totalAbs + 1e-30, "dSlopes single");
        }
        return new PreluResult(y, dx, dSlopes);
    }

    @Test
    void preluMatchesFormulaAndPathsAgree() {
        for (int rows : ROWS) {
            for (int cols : lengths()) {
                for (boolean perColumn : new boolean[] {true, false}) {
                    PreluResult scalar = prelu(ElementwiseTestSupport.scalar(), rows, cols, perColumn, rows * 31L + cols);
                    if (Kernels.path() == Kernels.Path.VECTOR) {
                        PreluResult vector = prelu(ElementwiseTestSupport.vector(), rows, cols, perColumn,
                                rows * 31L + cols);
                        String what = rows + " x " + cols + (perColumn ? " per column" : " single slope");
                        assertSameBits(scalar.y(), vector.y(), "y " + what);
                        assertSameBits(scalar.dx(), vector.dx(), "dx " + what);
                        if (perColumn) {
                            assertSameBits(scalar.dSlopes(), vector.dSlopes(), "dSlopes " + what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void preluInPlace() {
        for (ElementwiseKernel k : kernels()) {
            SplittableRandom rnd = new SplittableRandom(5);
            int rows = 3;
            int cols = 2 * ElementwiseTestSupport.lanes() + 1;
            float[] x = matrix(rnd, rows, cols, 0, cols, -2, 2);
            float[] slopes = ElementwiseTestSupport.uniform(rnd, cols, 0, 0.3);
            float[] y = x.clone();
            k.prelu(rows, cols, x, 0, cols, slopes, 0, true, y, 0, cols);
            k.prelu(rows, cols, x, 0, cols, slopes, 0, true, x, 0, cols);
            assertSameBits(y, x, "prelu in place");
        }
    }

    /** The maxout rule: the first maximum wins; a NaN piece wins (the first NaN) and then stays. */
    private static int winner(float[] x, int base, int pieces) {
        int arg = 0;
        for (int q = 1; q < pieces; q++) {
            float v = x[base + q];
            float best = x[base + arg];
            if (v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                arg = q;
            }
        }
        return arg;
    }

    private record MaxoutResult(float[] y, int[] argmax, float[] dx) {
    }

    private static MaxoutResult maxout(ElementwiseKernel k, int rows, int units, int pieces, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int width = units * pieces;
        int ldx = width + 2;
        int ldy = units + 3;
        float[] x = matrix(rnd, rows, width, 3, ldx, 0, 1);
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < width; c++) {
                int at = 3 + i * ldx + c;
                int kind = rnd.nextInt(20);
                if (kind < 8) {
                    x[at] = rnd.nextInt(3); // ties
                } else if (kind == 8) {
                    x[at] = Float.NaN;
                } else if (kind == 9) {
                    x[at] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        float[] y = ElementwiseTestSupport.sentinels(rows, units, 1, ldy);
        int[] argmax = new int[rows * units + 4];
        Arrays.fill(argmax, -7);
        float[] x0 = x.clone();
        k.maxout(rows, units, pieces, x, 3, ldx, y, 1, ldy, argmax, 2);
        assertSameBits(x0, x, "maxout input");
        assertMatrixGuards(y, 1, ldy, rows, units, "maxout y");
        assertEquals(-7, argmax[0]);
        assertEquals(-7, argmax[1]);
        assertEquals(-7, argmax[2 + rows * units]);
        for (int i = 0; i < rows; i++) {
            for (int u = 0; u < units; u++) {
                int base = 3 + i * ldx + u * pieces;
                int q = winner(x, base, pieces);
                assertEquals(q, argmax[2 + i * units + u], "argmax of row " + i + " unit " + u);
                assertEquals(Float.floatToIntBits(x[base + q]), Float.floatToIntBits(y[1 + i * ldy + u]), "max");
            }
        }
        // Backward into a dx with padding between rows.
        float[] dy = matrix(rnd, rows, units, 0, ldy, -1, 1);
        float[] dx = matrix(rnd, rows, width, 2, ldx, 5, 6);
        k.maxoutBackward(rows, units, pieces, argmax, 2, dy, 0, ldy, dx, 2, ldx);
        assertMatrixGuards(dx, 2, ldx, rows, width, "maxout dx");
        for (int i = 0; i < rows; i++) {
            for (int u = 0; u < units; u++) {
                for (int q = 0; q < pieces; q++) {
                    float expected = q == argmax[2 + i * units + u] ? dy[i * ldy + u] : 0f;
                    assertEquals(expected, dx[2 + i * ldx + u * pieces + q], "dx");
                }
            }
        }
        return new MaxoutResult(y, argmax, dx);
    }

    @Test
    void maxoutMatchesTheRuleAndPathsAgree() {
        for (int pieces : new int[] {1, 2, 3, 5, 16, 17}) {
            for (int units : lengths()) {
                int rows = units > 100 ? 2 : 3;
                long seed = pieces * 1000L + units;
                MaxoutResult scalar = maxout(ElementwiseTestSupport.scalar(), rows, units, pieces, seed);
                if (Kernels.path() == Kernels.Path.VECTOR) {
                    MaxoutResult vector = maxout(ElementwiseTestSupport.vector(), rows, units, pieces, seed);
                    String what = rows + " x " + units + " x " + pieces;
                    assertSameBits(scalar.y(), vector.y(), "y " + what);
                    assertArrayEquals(scalar.argmax(), vector.argmax(), "argmax " + what);
                    assertSameBits(scalar.dx(), vector.dx(), "dx " + what);
                }
            }
        }
    }

    @Test
    void maxoutPropagatesNan() {
        for (ElementwiseKernel k : kernels()) {
            int units = ElementwiseTestSupport.lanes() + 1;
            float[] x = new float[units * 3];
            for (int u = 0; u < units; u++) {
                x[u * 3] = 1f;
                x[u * 3 + 1] = u % 2 == 0 ? Float.NaN : 5f;
                x[u * 3 + 2] = u % 2 == 0 ? 9f : Float.NaN;
            }
            float[] y = new float[units];
            int[] argmax = new int[units];
            k.maxout(1, units, 3, x, 0, units * 3, y, 0, units, argmax, 0);
            for (int u = 0; u < units; u++) {
                assertTrue(Float.isNaN(y[u]), "unit " + u);
                assertEquals(u % 2 == 0 ? 1 : 2, argmax[u], "unit " + u);
            }
        }
    }
}
