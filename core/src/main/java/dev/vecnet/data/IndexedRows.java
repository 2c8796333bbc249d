package dev.vecnet.data;

/**
 * The rows of a source listed in a table: view row {@code i}, for {@code i < count}, is source row
 * {@code rows[i]}. Each gathering thread keeps one index buffer of its own, grown to the largest batch it
 * gathered. Thread-safe like its source; the table is not copied and must not change.
 */
final class IndexedRows extends ExamplesView {
    private final int[] rows;
    private final int count;
    private final ThreadLocal<long[]> buffers = ThreadLocal.withInitial(() -> new long[0]);

    IndexedRows(Examples source, int[] rows, int count) {
        super(source);
        this.rows = rows;
        this.count = count;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void gather(long[] wanted, int n, float[] x, int[] labels, float[] targets) {
        long[] mapped = buffers.get();
        if (mapped.length < n) {
            mapped = new long[n];
            buffers.set(mapped);
        }
        for (int i = 0; i < n; i++) {
            if (wanted[i] < 0 || wanted[i] >= count) {
                throw new IndexOutOfBoundsException("row " + wanted[i] + " is outside [0, " + count + ")");
            }
            mapped[i] = rows[(int) wanted[i]];
        }
        source.gather(mapped, n, x, labels, targets);
    }

    @Override
    public String toString() {
        return source + " (" + count + " rows)";
    }
}
