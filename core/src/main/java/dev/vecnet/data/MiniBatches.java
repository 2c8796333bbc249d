package dev.vecnet.data;

import java.util.SplittableRandom;

/**
 * Mini-batches of one data set ({@link Examples}: in memory or memory-mapped) gathered into buffers allocated once, here in the constructor:
 * {@link #x()} {@code [batchSize][featureCount]}, {@link #labels()} {@code [batchSize]} or
 * {@link #targets()} {@code [batchSize][targetCount]}. Each {@link #next()} copies the next
 * {@link #count()} examples of the epoch's order into them; the last batch of an epoch may be smaller.
 *
 * <p>Allocation: {@link #shuffle()}, {@link #restart()} and {@link #next()} allocate nothing. Not
 * thread-safe: use one instance per training thread.
 *
 * <pre>{@code
 * MiniBatches batches = new MiniBatches(split.train(), 64, seed);   // a Dataset or a MappedExamples
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
    /** The most entries of the order array: a Java array's practical length limit. */
    static final int MAX_ORDER = Integer.MAX_VALUE - 8;

    private final Examples data;
    private final int batchSize;
    private final long blockRows;
    private final int[] order;
    private final SplittableRandom random;
    private final long[] rows;
    private final float[] x;
    private final int[] labels;
    private final float[] targets;
    private int block;
    private long withinBlock;
    private int count;

    /**
     * Batches over {@code data} in its own order until the first {@link #shuffle()}. Allocates the batch
     * buffers, {@code batchSize} longs of row indices and the order: one int per example, or, for more than
     * {@code 2^31 - 9} examples, one int per block of {@code ceil(n / (2^31 - 9))} consecutive examples, the
     * blocks being what is shuffled (the examples within a block keep their order).
     *
     * @param data      the examples; read, not modified
     * @param batchSize examples per batch, at least 1
     * @param seed      seeds the shuffles (one {@link SplittableRandom}, drawn from epoch after epoch)
     * @throws IllegalArgumentException when {@code batchSize < 1}
     */
    public MiniBatches(Examples data, int batchSize, long seed) {
        this(data, batchSize, seed, MAX_ORDER);
    }

    /** Batches whose order array holds at most {@code maxOrder} entries (tests use small ones to make blocks). */
    MiniBatches(Examples data, int batchSize, long seed, int maxOrder) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        long n = data.count();
        this.blockRows = n <= maxOrder ? 1 : (n + maxOrder - 1) / maxOrder;
        this.order = Permutations.identity((int) ((n + blockRows - 1) / blockRows));
        this.random = new SplittableRandom(seed);
        this.rows = new long[batchSize];
        this.x = new float[Math.multiplyExact(batchSize, data.featureCount())];
        this.labels = data.hasLabels() ? new int[batchSize] : null;
        this.targets = data.hasLabels() ? null : new float[Math.multiplyExact(batchSize, data.targetCount())];
    }

    /** Starts a new epoch in a fresh random order. Allocates nothing. */
    public void shuffle() {
        Permutations.shuffle(order, random);
        restart();
    }

    /** Starts a new epoch in the current order (the data set's order until the first shuffle). */
    public void restart() {
        block = 0;
        withinBlock = 0;
        count = 0;
    }

    /**
     * Gathers the next batch into the buffers.
     *
     * @return true when a batch of {@link #count()} {@code >= 1} examples was gathered; false, leaving the
     *         buffers untouched and {@link #count()} at 0, when the epoch is over
     */
    public boolean next() {
        long n = data.count();
        int filled = 0;
        while (filled < batchSize && block < order.length) {
            long start = order[block] * blockRows;
            rows[filled++] = start + withinBlock;
            if (++withinBlock == Math.min(blockRows, n - start)) {
                block++;
                withinBlock = 0;
            }
        }
        count = filled;
        if (filled == 0) {
            return false;
        }
        data.gather(rows, filled, x, labels, targets);
        return true;
    }

    /**
     * The number of consecutive examples shuffled as one unit: 1 (every example on its own) up to
     * {@code 2^31 - 9} examples, else {@code ceil(n / (2^31 - 9))}.
     *
     * @return the block length, {@code >= 1}
     */
    public long blockRows() {
        return blockRows;
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
