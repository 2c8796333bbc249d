package dev.vecnet.cli;

import dev.vecnet.optim.LearningRateSchedule;
import picocli.CommandLine.Option;

/**
 * The learning-rate schedule: its kind, its decay settings and an optional linear warm-up. Filled in by
 * picocli; not thread-safe. The schedules it builds are immutable.
 */
public final class ScheduleOptions {

    /** The schedules of {@link LearningRateSchedule}. */
    enum ScheduleName {
        /** The same rate throughout. */
        CONSTANT,
        /** {@code lr * decay^floor(epoch / step-epochs)}. */
        STEP,
        /** {@code lr * e^(-decay * epoch)}. */
        EXPONENTIAL,
        /** {@code lr / (1 + decay * epoch)}. */
        INVERSE_TIME,
        /** Cosine annealing from lr to min-lr over all steps. */
        COSINE
    }

    /** Converts schedule names. */
    static final class ScheduleConverter extends NamedChoice<ScheduleName> {
        /** Picocli's entry point. */
        public ScheduleConverter() {
            super(ScheduleName.class);
        }
    }

    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "cosine", converter = ScheduleConverter.class,
            description = "Learning-rate schedule: constant; step (lr * decay^floor(epoch / step-epochs)); exponential "
                    + "(lr * e^(-decay * epoch)); inverse-time (lr / (1 + decay * epoch)); cosine (from lr to "
                    + "min-lr over the run). Default: ${DEFAULT-VALUE}.")
    ScheduleName schedule;

    @Option(names = "--decay", paramLabel = "K", defaultValue = "0.5",
            description = "Factor of step, rate k of exponential and inverse-time, >= 0. Default: ${DEFAULT-VALUE}.")
    float decay;

    @Option(names = "--step-epochs", paramLabel = "N", defaultValue = "10",
            description = "Epochs between decays of the step schedule. Default: ${DEFAULT-VALUE}.")
    int stepEpochs;

    @Option(names = "--min-lr", paramLabel = "RATE", defaultValue = "0",
            description = "Final rate of the cosine schedule. Default: ${DEFAULT-VALUE}.")
    float minRate;

    @Option(names = "--warmup", paramLabel = "STEPS", defaultValue = "0",
            description = "Linear warm-up over this many optimizer steps before the schedule (0: none). "
                    + "Default: ${DEFAULT-VALUE}.")
    int warmupSteps;

    /**
     * The schedule starting at {@code rate}.
     *
     * @param totalSteps optimizer steps of the whole run (the cosine schedule's length)
     * @throws UsageException when a setting is out of range
     */
    public LearningRateSchedule create(float rate, long totalSteps) {
        if (!(decay >= 0f) || !Float.isFinite(decay) || !(minRate >= 0f) || stepEpochs < 1 || warmupSteps < 0) {
            throw new UsageException("schedule settings out of range: --decay and --min-lr must be >= 0, "
                    + "--step-epochs >= 1 and --warmup >= 0 (were " + decay + ", " + minRate + ", " + stepEpochs + ", "
                    + warmupSteps + ")");
        }
        long afterWarmup = Math.max(1, totalSteps - warmupSteps);
        LearningRateSchedule main = switch (schedule) {
            case CONSTANT -> LearningRateSchedule.constant(rate);
            case STEP -> LearningRateSchedule.stepDecay(rate, decay, stepEpochs);
            case EXPONENTIAL -> LearningRateSchedule.exponential(rate, decay);
            case INVERSE_TIME -> LearningRateSchedule.inverseTime(rate, decay);
            case COSINE -> LearningRateSchedule.cosine(rate, Math.min(minRate, rate), afterWarmup);
        };
        return warmupSteps == 0 ? main : LearningRateSchedule.warmup(warmupSteps, main);
    }

    /** The schedule's name as the command line writes it, with the warm-up when there is one. */
    public String describe() {
        return NamedChoice.nameOf(schedule) + (warmupSteps > 0 ? " after " + warmupSteps + " warm-up steps" : "");
    }
}
