package dev.vecnet.nn;

/**
 * How a {@link Network} is built from its {@link NetworkSpec}: settings that change neither what the
 * network computes in evaluation nor what a model file must hold to rebuild it.
 *
 * <p>Immutable and thread-safe; the constructor checks {@code maxBatch}.
 *
 * @param seed        seed of weight initialisation and of the dropout layers' mask seeds
 * @param maxBatch    the largest batch of the training context and the default inference context, >= 1
 * @param fuse        whether a dense layer followed by ReLU or leaky ReLU (slope > 0) runs as one layer, the
 *                    activation applied in the matrix product's epilogue (same results, one pass fewer)
 * @param checkInputs whether inputs are checked for NaN and infinity before each pass
 */
public record BuildOptions(long seed, int maxBatch, boolean fuse, boolean checkInputs) {

    /**
     * Checks {@code maxBatch}.
     *
     * @param seed        seed of weight initialisation and of the dropout layers' mask seeds
     * @param maxBatch    the largest batch of the training context and the default inference context, >= 1
     * @param fuse        whether a dense layer followed by ReLU or leaky ReLU (slope > 0) runs as one layer
     * @param checkInputs whether inputs are checked for NaN and infinity before each pass
     * @throws IllegalArgumentException when {@code maxBatch < 1}
     */
    public BuildOptions {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
    }

    /**
     * Seed 0, max batch 64, fusion on, input checks on.
     *
     * @return {@code new BuildOptions(0, 64, true, true)}
     */
    public static BuildOptions defaults() {
        return new BuildOptions(0, 64, true, true);
    }

    /**
     * A copy with this seed.
     *
     * @param value the new {@link #seed()}
     * @return new options, the other components unchanged
     */
    public BuildOptions withSeed(long value) {
        return new BuildOptions(value, maxBatch, fuse, checkInputs);
    }

    /**
     * A copy with this maximum batch.
     *
     * @param value the new {@link #maxBatch()}, >= 1
     * @return new options, the other components unchanged
     * @throws IllegalArgumentException when {@code value < 1}
     */
    public BuildOptions withMaxBatch(int value) {
        return new BuildOptions(seed, value, fuse, checkInputs);
    }

    /**
     * A copy with fusion on or off.
     *
     * @param value the new {@link #fuse()}
     * @return new options, the other components unchanged
     */
    public BuildOptions withFuse(boolean value) {
        return new BuildOptions(seed, maxBatch, value, checkInputs);
    }

    /**
     * A copy with input checks on or off.
     *
     * @param value the new {@link #checkInputs()}
     * @return new options, the other components unchanged
     */
    public BuildOptions withCheckInputs(boolean value) {
        return new BuildOptions(seed, maxBatch, fuse, value);
    }
}
