package dev.vecnet.optim;

/**
 * A learning rate as a function of the training position: {@code step} is the number of optimizer
 * steps already taken (0 for the first step) and {@code epoch} the 0-based epoch. Per-step schedules
 * read {@code step}, per-epoch ones {@code epoch}. The trainer calls {@link #rate} before every step and
 * passes the result to {@link Optimizer#setLearningRate}, so any schedule works with any optimizer.
 *
 * <p>Implementations are immutable and thread-safe; {@link #rate} allocates nothing.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The learning rate for this position.
     *
     * @param step optimizer steps already taken, {@code >= 0} (0 for the first step)
     * @param epoch the 0-based epoch
     * @return the learning rate, {@code >= 0}
     */
    float rate(long step, int epoch);

    /**
     * {@code a0} always.
     *
     * @param a0 the initial learning rate, finite and {@code >= 0}
     * @return the schedule; immutable
     */
    static LearningRateSchedule constant(float a0) {
        check(a0);
        return (step, epoch) -> a0;
    }

    /**
     * Step decay: {@code a0 * factor^floor(epoch / everyEpochs)}.
     *
     * @param a0 the initial learning rate, finite and {@code >= 0}
     * @param factor the multiplier applied every everyEpochs epochs, finite and {@code >= 0} (for example 0.5)
     * @param everyEpochs epochs between decays, {@code >= 1}
     * @return the schedule; immutable
     */
    static LearningRateSchedule stepDecay(float a0, float factor, int everyEpochs) {
        check(a0);
        check(factor);
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("everyEpochs must be >= 1, was " + everyEpochs);
        }
        return (step, epoch) -> (float) (a0 * Math.pow(factor, epoch / everyEpochs));
    }

    /**
     * Exponential decay per epoch: {@code a0 * e^(-k * epoch)}.
     *
     * @param a0 the initial learning rate, finite and {@code >= 0}
     * @param k the decay rate per epoch, finite and {@code >= 0}
     * @return the schedule; immutable
     */
    static LearningRateSchedule exponential(float a0, float k) {
        check(a0);
        check(k);
        return (step, epoch) -> (float) (a0 * Math.exp(-(double) k * epoch));
    }

    /**
     * 1/t decay per epoch: {@code a0 / (1 + k * epoch)}.
     *
     * @param a0 the initial learning rate, finite and {@code >= 0}
     * @param k the decay rate per epoch, finite and {@code >= 0}
     * @return the schedule; immutable
     */
    static LearningRateSchedule inverseTime(float a0, float k) {
        check(a0);
        check(k);
        return (step, epoch) -> (float) (a0 / (1.0 + (double) k * epoch));
    }

    /**
     * Cosine annealing per step from {@code a0} to {@code min} over {@code totalSteps}, then {@code min}:
     * {@code min + (a0 - min) * (1 + cos(pi * step / totalSteps)) / 2}.
     *
     * @param a0 the initial learning rate, finite and {@code >= 0}
     * @param min the final learning rate, finite and {@code >= 0}
     * @param totalSteps steps over which the rate falls from a0 to min, {@code >= 1}
     * @return the schedule; immutable
     */
    static LearningRateSchedule cosine(float a0, float min, long totalSteps) {
        check(a0);
        check(min);
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be >= 1, was " + totalSteps);
        }
        return (step, epoch) -> {
            double t = Math.min(step, totalSteps) / (double) totalSteps;
            return (float) (min + (a0 - min) * 0.5 * (1.0 + Math.cos(Math.PI * t)));
        };
    }

    /**
     * Linear warm-up over the first {@code warmupSteps} steps, then {@code after}: for
     * {@code step < warmupSteps}, {@code after.rate(0, epoch) * (step + 1) / warmupSteps}; afterwards
     * {@code after.rate(step - warmupSteps, epoch)} (the following schedule starts its own step count at
     * the end of warm-up).
     *
     * @param warmupSteps the number of warm-up steps, {@code >= 1}
     * @param after the schedule that follows (and whose rate at step 0 the warm-up climbs to); not null
     * @return the composed schedule; immutable
     */
    static LearningRateSchedule warmup(long warmupSteps, LearningRateSchedule after) {
        if (warmupSteps < 1) {
            throw new IllegalArgumentException("warmupSteps must be >= 1, was " + warmupSteps);
        }
        java.util.Objects.requireNonNull(after, "after");
        return (step, epoch) -> step < warmupSteps
                ? after.rate(0, epoch) * (float) ((step + 1) / (double) warmupSteps)
                : after.rate(step - warmupSteps, epoch);
    }

    private static void check(float v) {
        if (!(v >= 0f) || !Float.isFinite(v)) {
            throw new IllegalArgumentException("schedule parameters must be finite and >= 0, was " + v);
        }
    }
}
