package dev.vecnet.kernel;

/**
 * Argument checks shared by {@link Gemm}, {@link PackedMatrix} and {@link Elementwise}; each names the
 * argument and its values.
 */
final class GemmArgs {
    private GemmArgs() {
    }

    static void requireNonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }

    /**
     * Checks a row-major matrix of {@code rows x cols} stored from {@code off} with leading dimension
     * {@code ld}: {@code ld >= max(1, cols)}, {@code off >= 0}, and the last element inside the array.
     * The offset and leading dimension are named {@code nameOff} and {@code ldname} in messages.
     */
    static void requireMatrix(String name, float[] array, int off, int ld, int rows, int cols) {
        requireMatrix(name, null, null, array, off, ld, rows, cols);
    }

    static void requireBias(float[] bias, int biasOff, int n) {
        if (bias == null) {
            return;
        }
        if (biasOff < 0) {
            throw new IllegalArgumentException("biasOff must be >= 0, was " + biasOff);
        }
        if ((long) biasOff + n > bias.length) {
            throw new IllegalArgumentException("bias is too short: " + n + " values at offset " + biasOff
                    + " need length >= " + ((long) biasOff + n) + ", was " + bias.length);
        }
    }

    /**
     * As {@link #requireMatrix(String, float[], int, int, int, int)}, with the names the offset and
     * leading-dimension parameters have at the call site; null means {@code nameOff} / {@code ldname}
     * (built only for a message, so that a passing check allocates nothing).
     */
    static void requireMatrix(String name, String offName, String ldName, float[] array, int off, int ld,
                              int rows, int cols) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException((ldName != null ? ldName : "ld" + name) + " must be >= max(1, "
                    + cols + "), was " + ld);
        }
        if (off < 0) {
            throw new IllegalArgumentException((offName != null ? offName : name + "Off") + " must be >= 0, was "
                    + off);
        }
        if (rows > 0 && cols > 0) {
            long end = off + (long) (rows - 1) * ld + cols;
            if (end > array.length) {
                throw new IllegalArgumentException(name + " is too short: a " + rows + " x " + cols
                        + " matrix at offset " + off + " with leading dimension " + ld + " needs length >= "
                        + end + ", was " + array.length);
            }
        }
    }

    /** Checks {@code n} consecutive values of a non-null array from {@code off >= 0}. */
    static void requireVector(String name, String offName, float[] array, int off, long n) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        requireRange(name, offName, array.length, off, n);
    }

    /** Checks {@code n} consecutive values of a non-null array from {@code off >= 0}. */
    static void requireVector(String name, String offName, int[] array, int off, long n) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        requireRange(name, offName, array.length, off, n);
    }

    private static void requireRange(String name, String offName, int length, int off, long n) {
        if (off < 0) {
            throw new IllegalArgumentException(offName + " must be >= 0, was " + off);
        }
        if (off + n > length) {
            throw new IllegalArgumentException(name + " is too short: " + n + " values at offset " + off
                    + " need length >= " + (off + n) + ", was " + length);
        }
    }
}
