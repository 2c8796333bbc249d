package dev.vecnet.nn;

import dev.vecnet.kernel.GemmThreads;

/**
 * The one place that decides how a training pass's elementwise work is cut across a team, so that the
 * cut never changes a result: row-wise work (activations, bias, normalising with known statistics,
 * dropout) is cut by rows or by elements, column reductions (bias gradients, batch statistics and their
 * backward sums) by columns, each column still summed over all rows in order, and no pass is ever cut
 * along the batch of a sum. Work smaller than {@link #GRAIN} elements per part stays on the calling
 * thread: a hand-off to a spinning worker costs about a microsecond, in which one core streams some ten
 * thousand floats. A null team runs everything on the caller.
 */
final class Parallel {
    /** The fewest elements worth a part of their own. */
    static final int GRAIN = 8192;
    /** Column cuts fall on multiples of this many floats (a 64-byte cache line), so no line is shared. */
    private static final int COLUMN_ALIGN = 16;

    private Parallel() {
    }

    /** {@code task} over element indices {@code [0, n)}. */
    static void elements(GemmThreads team, int n, GemmThreads.Range task) {
        if (team == null || n < 2 * GRAIN) {
            task.run(0, 0, n);
        } else {
            team.forEachRange(n, COLUMN_ALIGN, GRAIN, task);
        }
    }

    /** {@code task} over row indices {@code [0, rows)} of a {@code rows x cols} pass. */
    static void rows(GemmThreads team, int rows, int cols, GemmThreads.Range task) {
        if (team == null || (long) rows * cols < 2 * GRAIN) {
            task.run(0, 0, rows);
        } else {
            team.forEachRange(rows, 1, Math.max(1, GRAIN / cols), task);
        }
    }

    /** {@code task} over column indices {@code [0, cols)} of a {@code rows x cols} pass. */
    static void columns(GemmThreads team, int rows, int cols, GemmThreads.Range task) {
        if (team == null || (long) rows * cols < 2 * GRAIN) {
            task.run(0, 0, cols);
        } else {
            team.forEachRange(cols, COLUMN_ALIGN, Math.max(COLUMN_ALIGN, GRAIN / rows), task);
        }
    }
}
