package dev.vecnet.data;

/**
 * Read-only rows of a data set, however they are stored: {@code count()} examples (a 64-bit count) of
 * {@link #featureCount()} float features each, with either one integer class label per example or
 * {@link #targetCount()} float targets. The in-memory {@link Dataset} and the memory-mapped
 * {@link MappedExamples} implement it; {@link MiniBatches} gathers training batches from it.
 *
 * <p>Implementations are immutable in use and safe to gather from on many threads at once.
 */
public interface Examples {

    /**
     * Number of examples {@code n}.
     *
     * @return {@code n >= 0}; may exceed {@code 2^31 - 1}
     */
    long count();

    /**
     * Floats per example.
     *
     * @return the feature count, {@code >= 1}
     */
    int featureCount();

    /**
     * Whether the examples carry integer class labels (else float targets).
     *
     * @return true for a classification data set
     */
    boolean hasLabels();

    /**
     * Number of classes; 0 for a regression data set.
     *
     * @return every label lies in {@code [0, classCount())}
     */
    int classCount();

    /**
     * Outputs per example of a regression data set; 0 for a classification one.
     *
     * @return the target count
     */
    int targetCount();

    /**
     * Copies the examples {@code rows[0..n)}, in that order, into row-major buffers: features into
     * {@code x[i * featureCount() ..]}, labels into {@code labels[i]} or targets into
     * {@code targets[i * targetCount() ..]}. Allocates nothing.
     *
     * @param rows    example indices, each in {@code [0, count())}; not modified
     * @param n       number of rows to copy, {@code <= rows.length}
     * @param x       {@code [>= n][featureCount]}; rows {@code [0, n)} are overwritten
     * @param labels  {@code [>= n]}, overwritten for a classification data set; ignored (may be null) otherwise
     * @param targets {@code [>= n][targetCount]}, overwritten for a regression data set; ignored (may be null)
     *                otherwise
     * @throws IndexOutOfBoundsException when a row index is outside {@code [0, count())}
     * @throws java.io.UncheckedIOException when stored data turns out malformed (a label out of range in a
     *                                      file), wrapping a {@link DataFormatException}
     */
    void gather(long[] rows, int n, float[] x, int[] labels, float[] targets);

    /**
     * A view of these examples with {@code preprocessor} applied to every gathered row; nothing is copied.
     *
     * @param preprocessor the transform, fitted on {@link #featureCount()} features
     * @return a view whose {@link #gather} gathers from this one, then transforms the features in place
     */
    default Examples preprocessed(Preprocessor preprocessor) {
        return new PreprocessedExamples(this, preprocessor);
    }
}
