package dev.vecnet.train;

import dev.vecnet.nn.Network;

/**
 * A running average of a network's flat parameter array, updated after each step:
 * Polyak ({@code avg += (w - avg) / t}, the plain mean of all recorded steps) or exponential
 * ({@code avg = decay * avg + (1 - decay) * w}, starting from the first recorded parameters). All
 * parameters are averaged, BatchNorm running statistics included. Register it as a
 * {@link TrainingListener} to update it after every iteration, then {@link #copyTo} a network for
 * evaluation or {@link #swap} the average in and out.
 *
 * <p>One array of the parameter size, allocated at construction; {@link #update} and {@link #swap}
 * allocate nothing. Not thread-safe.
 */
public final class ParameterAverage implements TrainingListener {
    private final Network net;
    private final float[] average;
    private final float decay;
    private long count;

    private ParameterAverage(Network net, float decay) {
        this.net = net;
        this.average = new float[net.parameters().size()];
        this.decay = decay;
    }

    /**
     * The Polyak average (arithmetic mean of the recorded parameters). Allocates one array of the
     * parameter size.
     *
     * @param net the network whose parameters {@link #update()} records and {@link #swap()} exchanges
     * @return a new, empty average ({@link #count()} 0)
     */
    public static ParameterAverage polyak(Network net) {
        return new ParameterAverage(net, Float.NaN);
    }

    /**
     * The exponential moving average with this decay in [0, 1) (e.g. 0.999). Allocates one array of the
     * parameter size.
     *
     * @param net   the network whose parameters {@link #update()} records and {@link #swap()} exchanges
     * @param decay the weight of the old average in {@code avg = decay * avg + (1 - decay) * w}, in [0, 1)
     * @return a new, empty average ({@link #count()} 0)
     * @throws IllegalArgumentException when {@code decay} is outside [0, 1)
     */
    public static ParameterAverage exponential(Network net, float decay) {
        if (!(decay >= 0f && decay < 1f)) {
            throw new IllegalArgumentException("decay must be in [0, 1), was " + decay);
        }
        return new ParameterAverage(net, decay);
    }

    /** Records the network's current parameters. Reads the network; modifies the average. */
    public void update() {
        float[] w = net.parameters().values();
        count++;
        if (count == 1) {
            System.arraycopy(w, 0, average, 0, w.length);
            return;
        }
        if (Float.isNaN(decay)) {
            float inv = (float) (1.0 / count);
            for (int i = 0; i < w.length; i++) {
                average[i] += (w[i] - average[i]) * inv;
            }
        } else {
            float d = decay, d1 = 1f - decay;
            for (int i = 0; i < w.length; i++) {
                average[i] = d * average[i] + d1 * w[i];
            }
        }
    }

    /** Updates after every iteration. */
    @Override
    public boolean onIteration(long iteration, int epoch, double loss) {
        update();
        return true;
    }

    /**
     * Number of recorded updates.
     *
     * @return the calls to {@link #update()} so far, the {@code t} of the Polyak mean
     */
    public long count() {
        return count;
    }

    /**
     * The average (live).
     *
     * @return the array the average is kept in, laid out like the network's parameter values; changed by
     *         {@link #update()} and {@link #swap()}; all zeros before the first update
     */
    public float[] values() {
        return average;
    }

    /**
     * Copies the average into {@code target} (same layout) and calls its parametersChanged. Modifies
     * {@code target}'s parameter values; the average is unchanged.
     *
     * @param target a network with the same parameter layout, e.g. a copy built from the same spec
     * @throws IllegalStateException    when nothing was recorded yet
     * @throws IllegalArgumentException when {@code target} has another number of parameters
     */
    public void copyTo(Network target) {
        requireRecorded();
        float[] w = target.parameters().values();
        if (w.length != average.length) {
            throw new IllegalArgumentException("the target has " + w.length + " parameters, the average " + average.length);
        }
        System.arraycopy(average, 0, w, 0, w.length);
        target.parametersChanged();
    }

    /**
     * Exchanges the averaged network's parameters with the average; calling it twice restores both.
     * Calls the network's parametersChanged. Allocates nothing.
     *
     * @throws IllegalStateException when nothing was recorded yet
     */
    public void swap() {
        requireRecorded();
        float[] w = net.parameters().values();
        for (int i = 0; i < w.length; i++) {
            float t = w[i];
            w[i] = average[i];
            average[i] = t;
        }
        net.parametersChanged();
    }

    private void requireRecorded() {
        if (count == 0) {
            throw new IllegalStateException("no parameters recorded yet");
        }
    }
}
