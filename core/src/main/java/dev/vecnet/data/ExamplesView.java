package dev.vecnet.data;

/**
 * A view of another {@link Examples}: the same features, labels or targets per row; subclasses choose the
 * rows ({@link #count}) and how they are gathered. Thread-safe when the subclass and the source are.
 */
abstract class ExamplesView implements Examples {
    /** The examples this view reads. */
    final Examples source;

    ExamplesView(Examples source) {
        this.source = source;
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
}
