package dev.vecnet.train;

/**
 * Preallocated buffers for one batch: inputs {@code [maxBatch][features]}, labels or targets. Gathering
 * copies rows and allocates nothing. Not thread-safe.
 */
final class BatchBuffer {
    final float[] x;
    final int[] labels;
    final float[] targets;
    private final int features;
    private final int targetWidth;

    BatchBuffer(TrainingData data, int maxBatch) {
        features = data.features();
        targetWidth = data.targetWidth();
        x = new float[maxBatch * features];
        labels = data.hasLabels() ? new int[maxBatch] : null;
        targets = data.hasLabels() ? null : new float[maxBatch * targetWidth];
    }

    /** Copies examples {@code order[start + i]} (or {@code start + i} when order is null), i < batch. */
    void gather(TrainingData data, int[] order, int start, int batch) {
        if (data.features() != features || data.targetWidth() != targetWidth || data.hasLabels() != (labels != null)) {
            throw new IllegalArgumentException("data shape differs from the one these buffers were sized for");
        }
        for (int i = 0; i < batch; i++) {
            int e = order == null ? start + i : order[start + i];
            System.arraycopy(data.x(), e * features, x, i * features, features);
            if (labels != null) {
                labels[i] = data.labels()[e];
            } else {
                System.arraycopy(data.targets(), e * targetWidth, targets, i * targetWidth, targetWidth);
            }
        }
    }
}
