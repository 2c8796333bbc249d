package dev.vecnet.optim;

/**
 * The momentum coefficient mu as a function of the 1-based step. Implementations are immutable and
 * thread-safe; {@link #momentum} allocates nothing.
 */
@FunctionalInterface
public interface MomentumSchedule {

    /**
     * mu for this step, in [0, 1).
     *
     * @param step the 1-based step number
     * @return mu for that step, in [0, 1)
     */
    float momentum(long step);

    /**
     * A constant mu.
     *
     * @param mu the momentum coefficient, in [0, 1)
     * @return the schedule; immutable
     */
    static MomentumSchedule constant(float mu) {
        checkMu(mu);
        return step -> mu;
    }

    /**
     * Linear annealing from {@code start} at step 1 to {@code end} at step {@code steps}, then constant:
     * {@code mu = start + (end - start) * min(1, (step - 1) / (steps - 1))} (e.g. 0.5 to 0.99).
     *
     * @param start mu at step 1, in [0, 1)
     * @param end mu from step {@code steps} on, in [0, 1)
     * @param steps the step at which end is reached, {@code >= 2}
     * @return the schedule; immutable
     */
    static MomentumSchedule annealed(float start, float end, long steps) {
        checkMu(start);
        checkMu(end);
        if (steps < 2) {
            throw new IllegalArgumentException("annealing needs steps >= 2, was " + steps);
        }
        return step -> {
            double f = Math.min(1.0, (double) (step - 1) / (steps - 1));
            return (float) (start + (end - start) * f);
        };
    }

    private static void checkMu(float mu) {
        if (!(mu >= 0f && mu < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), was " + mu);
        }
    }
}
