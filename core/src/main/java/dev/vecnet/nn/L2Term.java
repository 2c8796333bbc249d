package dev.vecnet.nn;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.WorkerTeam;

import java.util.ArrayList;
import java.util.List;

/**
 * The L2 term of one context: the penalty {@code (lambda / 2) sum w^2} over the decayed tensors (dense
 * and maxout weights) and, with a gradient array, {@code g += lambda * w} on their entries.
 *
 * <p>The sum runs in fixed chunks of {@link #CHUNK} weights, each summed in double in the fixed order of
 * {@link Elementwise#sumOfSquares} into its own slot, and the slots are then added in chunk order on the calling
 * thread: the chunks are fixed by the layout, not by the team, so the penalty has the same bits for every thread
 * count. A team computes chunks in parallel. Allocates only in the constructor.
 *
 * <p>The penalty of a call without gradients is kept with the network's
 * {@link Network#parameterGeneration() parameter generation} it was computed at, and returned again while the
 * generation is the same: an evaluation pass over many batches sums the weights once, not once per batch.
 * (The decayed tensors are weights, which change only through the values the contract of
 * {@link Network#parametersChanged()} covers; BatchNorm's running statistics are never decayed.)
 */
final class L2Term {
    /** Weights per chunk of the penalty's sum. */
    static final int CHUNK = 4096;

    private final float lambda;
    private final float[] w;
    private final int[] chunkStarts;
    private final int[] chunkEnds;
    private final double[] chunkSums;
    private final WorkerTeam team;
    private final Network network;
    /** The generation {@link #cachedPenalty} was computed at; -1 for none. */
    private long cachedGeneration = -1;
    private double cachedPenalty;
    private float[] g;
    private final WorkerTeam.Range chunks = (part, from, to) -> chunks(from, to);

    L2Term(Network network, WorkerTeam team) {
        this.network = network;
        this.lambda = network.l2();
        this.w = network.parameters().values();
        this.team = team;
        List<int[]> ranges = new ArrayList<>();
        for (ParameterTensor t : network.parameters().tensors()) {
            if (t.decayed()) {
                for (int from = t.offset(), end = t.offset() + t.size(); from < end; from += CHUNK) {
                    ranges.add(new int[] {from, Math.min(end, from + CHUNK)});
                }
            }
        }
        chunkStarts = ranges.stream().mapToInt(r -> r[0]).toArray();
        chunkEnds = ranges.stream().mapToInt(r -> r[1]).toArray();
        chunkSums = new double[ranges.size()];
    }

    /**
     * Returns the penalty {@code (lambda / 2) sum w^2} and, when {@code gradients} is not null, adds
     * {@code lambda * w} to the decayed entries of {@code gradients}.
     */
    double apply(float[] gradients) {
        if (lambda == 0f) {
            return 0;
        }
        long generation = network.parameterGeneration();
        if (gradients == null && generation == cachedGeneration) {
            return cachedPenalty;
        }
        g = gradients;
        int count = chunkSums.length;
        if (team == null || count < 4) {
            chunks(0, count);
        } else {
            team.forEachRange(count, 1, Math.max(1, WorkerTeam.ELEMENT_GRAIN / CHUNK), this.chunks);
        }
        g = null;
        double sum = 0;
        for (int c = 0; c < count; c++) {
            sum += chunkSums[c];
        }
        cachedPenalty = 0.5 * lambda * sum;
        cachedGeneration = generation;
        return cachedPenalty;
    }

    private void chunks(int from, int to) {
        float[] grad = g;
        for (int c = from; c < to; c++) {
            int start = chunkStarts[c];
            int size = chunkEnds[c] - start;
            // One pass over the chunk's weights for both the penalty's sum and g += lambda * w (the product rounded
            // before the sum, as a plain loop would): the weights are read once, and the sum's sixteen partial sums
            // keep its additions from waiting on each other's latency.
            chunkSums[c] = grad == null ? Elementwise.sumOfSquares(size, w, start)
                    : Elementwise.sumOfSquaresAxpy(size, lambda, w, start, grad, start);
        }
    }
}
