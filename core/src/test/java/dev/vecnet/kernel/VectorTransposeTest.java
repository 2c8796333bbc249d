package dev.vecnet.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorTranspose} against the definition {@code dst[dstOff + c*ldDst + r] = src[srcOff + r*ldSrc
 * + c]}: every shape up to 19 x 19 (whole 8 x 8 blocks, edges and shapes with no block), with leading
 * dimensions larger than needed and non-zero offsets; every element of dst outside the transposed
 * window must keep its sentinel.
 */
class VectorTransposeTest {
    private static final float SENTINEL = -777f;

    @Test
    void everySmallShapeEqualsTheDefinitionAndLeavesTheRestAlone() {
        SplittableRandom rnd = new SplittableRandom(88L);
        for (int rows = 0; rows <= 19; rows++) {
            for (int cols = 0; cols <= 19; cols++) {
                int ldSrc = cols + rnd.nextInt(4);
                int ldDst = rows + rnd.nextInt(4);
                int srcOff = rnd.nextInt(5);
                int dstOff = rnd.nextInt(5);
                float[] src = new float[srcOff + rows * ldSrc + 3];
                for (int i = 0; i < src.length; i++) {
                    src[i] = (float) rnd.nextDouble(-10, 10);
                }
                float[] dst = new float[dstOff + cols * ldDst + 3];
                java.util.Arrays.fill(dst, SENTINEL);

                VectorTranspose.transpose(src, srcOff, ldSrc, rows, cols, dst, dstOff, ldDst);

                String shape = rows + " x " + cols + ", ldSrc " + ldSrc + ", ldDst " + ldDst;
                for (int i = 0; i < dst.length; i++) {
                    int rel = i - dstOff;
                    int c = rel >= 0 ? rel / Math.max(ldDst, 1) : -1;
                    int r = rel >= 0 ? rel % Math.max(ldDst, 1) : -1;
                    boolean inside = rel >= 0 && c < cols && r < rows;
                    float expected = inside ? src[srcOff + r * ldSrc + c] : SENTINEL;
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dst[i]),
                            shape + ": dst[" + i + "]");
                }
            }
        }
    }

    /** The public operation, on whichever path is chosen, for layer-sized shapes with odd edges. */
    @Test
    void elementwiseTransposeOfLayerSizedMatricesEqualsTheDefinition() {
        SplittableRandom rnd = new SplittableRandom(99L);
        int[][] shapes = {{64, 784}, {256, 64}, {37, 101}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int cols = shape[1];
            float[] src = new float[3 + rows * cols];
            for (int i = 0; i < src.length; i++) {
                src[i] = (float) rnd.nextGaussian();
            }
            float[] dst = new float[2 + cols * rows];

            Elementwise.transpose(rows, cols, src, 3, cols, dst, 2, rows);

            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    if (dst[2 + c * rows + r] != src[3 + r * cols + c]) {
                        throw new AssertionError(rows + " x " + cols + ": element (" + r + ", " + c + ") not moved");
                    }
                }
            }
        }
    }
}
