package dev.vecnet.nn;

import java.util.SplittableRandom;

/**
 * Weight initialisers. Each fills a {@code [fanOut][fanIn]} weight matrix from a seeded
 * {@link SplittableRandom}; the same seed gives the same weights on every JDK (the gaussian is drawn by
 * Box-Muller with {@link StrictMath}, not by a JDK-version-dependent algorithm).
 */
public enum Init {
    /** All zeros (for biases; a network of zero weights cannot break symmetry). */
    ZEROS,
    /** Small random numbers: gaussian with mean 0 and standard deviation 0.01 ({@code 0.01 * randn}). */
    GAUSSIAN,
    /** Xavier/Glorot normal: gaussian with variance {@code 2 / (fanIn + fanOut)}. */
    XAVIER_NORMAL,
    /** Xavier/Glorot uniform: uniform on {@code [-a, a)}, {@code a = sqrt(6 / (fanIn + fanOut))} (same variance). */
    XAVIER_UNIFORM,
    /** He/Kaiming normal: gaussian with variance {@code 2 / fanIn}; the default, suited to ReLU networks. */
    HE_NORMAL,
    /** Uniform on {@code [-1, 1)}. */
    UNIFORM;

    /**
     * Writes {@code count} values into {@code dst[off ..]}.
     *
     * @param dst the array to write; only {@code dst[off .. off + count)} is modified
     * @param off index in dst of the first value
     * @param count the number of values to write
     * @param fanIn  inputs per unit (columns of the weight matrix)
     * @param fanOut units (rows of the weight matrix)
     * @param random the source of randomness; advanced by this call (unused by {@link #ZEROS})
     */
    public void fill(float[] dst, int off, int count, int fanIn, int fanOut, SplittableRandom random) {
        switch (this) {
            case ZEROS:
                java.util.Arrays.fill(dst, off, off + count, 0f);
                break;
            case GAUSSIAN:
                gaussian(dst, off, count, 0.01, random);
                break;
            case XAVIER_NORMAL:
                gaussian(dst, off, count, Math.sqrt(2.0 / (fanIn + fanOut)), random);
                break;
            case XAVIER_UNIFORM:
                uniform(dst, off, count, Math.sqrt(6.0 / (fanIn + fanOut)), random);
                break;
            case HE_NORMAL:
                gaussian(dst, off, count, Math.sqrt(2.0 / fanIn), random);
                break;
            default:
                uniform(dst, off, count, 1.0, random);
                break;
        }
    }

    private static void uniform(float[] dst, int off, int count, double bound, SplittableRandom random) {
        float top = Math.nextDown((float) bound);
        for (int i = 0; i < count; i++) {
            // Rounding to float could reach +bound itself; the interval is half-open.
            dst[off + i] = Math.min(top, (float) ((random.nextDouble() * 2 - 1) * bound));
        }
    }

    private static void gaussian(float[] dst, int off, int count, double std, SplittableRandom random) {
        for (int i = 0; i < count; i += 2) {
            // Box-Muller: two independent standard normals from two uniforms; 1 - u keeps the log finite.
            double radius = StrictMath.sqrt(-2 * StrictMath.log(1 - random.nextDouble()));
            double angle = 2 * Math.PI * random.nextDouble();
            dst[off + i] = (float) (std * radius * StrictMath.cos(angle));
            if (i + 1 < count) {
                dst[off + i + 1] = (float) (std * radius * StrictMath.sin(angle));
            }
        }
    }
}
