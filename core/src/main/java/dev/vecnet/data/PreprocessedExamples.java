package dev.vecnet.data;

/** {@link Examples#preprocessed}: gathers from the source, then transforms the gathered features in place. */
final class PreprocessedExamples extends ExamplesView {
    private final Preprocessor preprocessor;

    PreprocessedExamples(Examples source, Preprocessor preprocessor) {
        super(source);
        if (preprocessor.featureCount() != 0 && preprocessor.featureCount() != source.featureCount()) {
            throw new IllegalArgumentException("the preprocessor was fitted on " + preprocessor.featureCount()
                    + " features, the examples have " + source.featureCount());
        }
        this.preprocessor = preprocessor;
    }

    @Override
    public long count() {
        return source.count();
    }

    @Override
    public void gather(long[] rows, int n, float[] x, int[] labels, float[] targets) {
        source.gather(rows, n, x, labels, targets);
        preprocessor.applyInPlace(x, 0, n, source.featureCount());
    }
}
