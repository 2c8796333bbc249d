package dev.vecnet.data;

/** {@link Examples#preprocessed}: gathers from the source, then transforms the gathered features in place. */
final class PreprocessedExamples implements Examples {
    private final Examples source;
    private final Preprocessor preprocessor;

    PreprocessedExamples(Examples source, Preprocessor preprocessor) {
        if (preprocessor.featureCount() != 0 && preprocessor.featureCount() != source.featureCount()) {
            throw new IllegalArgumentException("the preprocessor was fitted on " + preprocessor.featureCount()
                    + " features, the examples have " + source.featureCount());
        }
        this.source = source;
        this.preprocessor = preprocessor;
    }

    @Override
    public long count() {
        return source.count();
    }

    @Override
    public int featureCount() {
        return source.featureCount();
    }

    @Override
    public boolean hasLabels() {
        return source.hasLabels();
    }

    @Override
    public int classCount() {
        return source.classCount();
    }

    @Override
    public int targetCount() {
        return source.targetCount();
    }

    @Override
    public void gather(long[] rows, int n, float[] x, int[] labels, float[] targets) {
        source.gather(rows, n, x, labels, targets);
        preprocessor.applyInPlace(x, 0, n, source.featureCount());
    }
}
