package dev.vecnet.train;

import dev.vecnet.nn.Network;

/**
 * The mean of the parameters of the last {@code k} checkpoints of one run: {@link #record} keeps a copy
 * in a ring of {@code k} preallocated arrays (as a {@link TrainingListener} it records after every
 * epoch); {@link #copyAverageTo} writes {@code (1/m) sum_j w_j} over the {@code m = min(k, recorded)}
 * kept checkpoints (summed in double). Allocates {@code k} arrays at construction, nothing afterwards.
 * Not thread-safe.
 */
public final class CheckpointAverage implements TrainingListener {
    private final Network net;
    private final float[][] ring;
    private int recorded;

    /**
     * Keeps the last {@code k >= 1} checkpoints of {@code net}. Allocates {@code k} arrays of the
     * parameter size.
     *
     * @param net the network whose parameters {@link #record()} copies; read, not modified
     * @param k   the number of checkpoints kept, {@code >= 1}
     * @throws IllegalArgumentException when {@code k < 1}
     */
    public CheckpointAverage(Network net, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        this.net = net;
        this.ring = new float[k][net.parameters().size()];
    }

    /** Copies the network's current parameters into the ring, replacing the oldest. */
    public void record() {
        float[] w = net.parameters().values();
        System.arraycopy(w, 0, ring[recorded % ring.length], 0, w.length);
        recorded++;
    }

    /** Records after every epoch. */
    @Override
    public boolean onEpoch(int epoch, History history) {
        record();
        return true;
    }

    /**
     * Number of checkpoints kept (at most k).
     *
     * @return {@code min(k, recorded)}: the {@code m} that {@link #copyAverageTo} divides by
     */
    public int kept() {
        return Math.min(recorded, ring.length);
    }

    /**
     * Writes the average of the kept checkpoints into {@code target}'s parameters, then calls
     * {@link Network#parametersChanged()} on it. Modifies {@code target}'s parameter values only.
     *
     * @param target a network with the same parameter layout; may be the recorded network itself
     * @throws IllegalStateException    when no checkpoint was recorded yet
     * @throws IllegalArgumentException when {@code target} has another number of parameters
     */
    public void copyAverageTo(Network target) {
        int m = kept();
        if (m == 0) {
            throw new IllegalStateException("no checkpoint recorded yet");
        }
        float[] w = target.parameters().values();
        if (w.length != ring[0].length) {
            throw new IllegalArgumentException("the target has " + w.length + " parameters, the checkpoints " + ring[0].length);
        }
        for (int i = 0; i < w.length; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) {
                s += ring[j][i];
            }
            w[i] = (float) (s / m);
        }
        target.parametersChanged();
    }
}
