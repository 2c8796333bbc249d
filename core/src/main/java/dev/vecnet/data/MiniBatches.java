package dev.vecnet.data;

import java.util.SplittableRandom;

/**
 * Mini-batches of one data set gathered into buffers allocated once, here in the constructor:
 * {@link #x()} {@code [batchSize][featureCount]}, {@link #labels()} {@code [batchSize]} or
 * {@link #targets()} {@code [batchSize][targetCount]}. Each {@link #next()} copies the next
 * {@link #count()} examples of the epoch's order into them; the last batch of an epoch may be smaller.
 *
 * <p>Allocation: {@link #shuffle()}, {@link #restart()} and {@link #next()} allocate nothing. Not
 * thread-safe: use one instance per training thread.
 *
 * <pre>{@code
 * MiniBatches batches = new MiniBatches(split.train(), 64, seed);
 * TrainingContext ctx = net.newTrainingContext(64, false);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     batches.shuffle();
 *     while (batches.next()) {
 *         ctx.forwardBackward(batches.x(), 0, batches.count(), batches.labels(), null);
 *         optimizer.step(net.parameters(), ctx.gradients());
 *         net.parametersChanged();
 *     }
 * }
 * }</pre>
 */
public final class MiniBatches {
    private final Dataset data;
    private final int batchSize;
    private final int[] order;
    private final SplittableRandom random;
    private final float[] x;
    private final int[] labels;
    private final float[] targets;
    private int position;
    private int count;

    /**
     * Batches over {@code data} in its own order until the first {@link #shuffle()}. Allocates the batch
     * buffers and an index array of {@code data.size()} ints.
     *
     * @param data      the examples; read, not modified
     * @param batchSize examples per batch, at least 1
     * @param seed      seeds the shuffles (one {@link SplittableRandom}, drawn from epoch after epoch)
     * @throws IllegalArgumentException when {@code batchSize < 1}
     */
    public MiniBatches(Dataset data, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.order = Permutations.identity(data.size());
        this.random = new SplittableRandom(seed);
        this.x = new float[batchSize * data.featureCount()];
        this.labels = data.hasLabels() ? new int[batchSize] : null;
        this.targets = data.hasLabels() ? null : new float[batchSize * data.targetCount()];
    }

    /** Starts a new epoch in a fresh random order. Allocates nothing. */
    public void shuffle() {
        Permutations.shuffle(order, random);
        position = 0;
        count = 0;
    }

    /** Starts a new epoch in the current order (the data set's order until the first shuffle). */
    public void restart() {
        position = 0;
        count = 0;
    }

    /**
     * Gathers the next batch into the buffers.
     *
     * @return true when a batch of {@link #count()} {@code >= 1} examples was gathered; false, leaving the
     *         buffers untouched and {@link #count()} at 0, when the epoch is over
     */
    public boolean next() {
        int n = data.size();
        if (position >= n) {
            count = 0;
            return false;
        }
        count = Math.min(batchSize, n - position);
        int f = data.featureCount();
        float[] features = data.features();
        for (int i = 0; i < count; i++) {
            int example = order[position + i];
            System.arraycopy(features, example * f, x, i * f, f);
        }
        if (labels != null) {
            int[] source = data.labels();
            for (int i = 0; i < count; i++) {
                labels[i] = source[order[position + i]];
            }
        } else {
            int t = data.targetCount();
            float[] source = data.targets();
            for (int i = 0; i < count; i++) {
                System.arraycopy(source, order[position + i] * t, targets, i * t, t);
            }
        }
        position += count;
        return true;
    }

    /**
     * Examples in the current batch (the rows of the buffers that are valid).
     *
     * @return in {@code [1, batchSize()]} after a {@link #next()} that returned true, else 0
     */
    public int count() {
        return count;
    }

    /**
     * The largest batch.
     *
     * @return the {@code batchSize} of the constructor, the number of rows of the buffers
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The features buffer {@code [batchSize][featureCount]}; rows {@code [0, count())} hold the batch.
     *
     * @return the same live array on every call, overwritten by each {@link #next()}
     */
    public float[] x() {
        return x;
    }

    /**
     * The labels buffer {@code [batchSize]}; null for a regression data set.
     *
     * @return the same live array on every call, overwritten by each {@link #next()}; or null
     */
    public int[] labels() {
        return labels;
    }

    /**
     * The targets buffer {@code [batchSize][targetCount]}; null for a classification data set.
     *
     * @return the same live array on every call, overwritten by each {@link #next()}; or null
     */
    public float[] targets() {
        return targets;
    }
}
