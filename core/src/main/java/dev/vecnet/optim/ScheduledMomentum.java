package dev.vecnet.optim;

import java.util.Objects;

/**
 * What {@link Momentum} and {@link Nesterov} share: a velocity state and a momentum {@code mu} read from
 * a {@link MomentumSchedule} before every step. Subclasses implement only the update rule.
 */
abstract class ScheduledMomentum extends Optimizer {
    private final MomentumSchedule schedule;
    private float mu;

    ScheduledMomentum(float learningRate, MomentumSchedule schedule) {
        super(learningRate, "velocity");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    protected boolean elementwise() {
        return true;
    }

    @Override
    protected final void beforeStep(long step) {
        mu = schedule.momentum(step);
    }

    /**
     * The momentum of the last step.
     *
     * @return mu as the schedule gave it for the last step; 0 before the first step
     */
    public float momentum() {
        return mu;
    }
}
