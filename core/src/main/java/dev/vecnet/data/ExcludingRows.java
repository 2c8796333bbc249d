package dev.vecnet.data;

/**
 * The rows of a source other than a sorted list of excluded ones, renumbered from 0 in order: view row
 * {@code i} is source row {@code i + k}, where {@code k} counts the excluded rows {@code e_j} with
 * {@code e_j - j <= i} (a binary search, as {@code e_j - j} never decreases). Each gathering thread keeps one
 * index buffer of its own, grown to the largest batch it gathered.
 */
final class ExcludingRows implements Examples {
    private final Examples source;
    private final long[] excluded;
    private final ThreadLocal<long[]> buffers = ThreadLocal.withInitial(() -> new long[0]);

    ExcludingRows(Examples source, long[] excluded) {
        this.source = source;
        this.excluded = excluded;
    }

    @Override
    public long count() {
        return source.count() - excluded.length;
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
        long[] mapped = buffers.get();
        if (mapped.length < n) {
            mapped = new long[n];
            buffers.set(mapped);
        }
        long count = count();
        for (int i = 0; i < n; i++) {
            if (rows[i] < 0 || rows[i] >= count) {
                throw new IndexOutOfBoundsException("row " + rows[i] + " is outside [0, " + count + ")");
            }
            mapped[i] = sourceRow(rows[i]);
        }
        source.gather(mapped, n, x, labels, targets);
    }

    long sourceRow(long row) {
        int low = 0;
        int high = excluded.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (excluded[mid] - mid <= row) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return row + low;
    }
}
