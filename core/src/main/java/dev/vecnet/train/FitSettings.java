package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.optim.LearningRateSchedule;

/**
 * The settings of a fit that mean the same whether it runs on one machine ({@link Trainer}) or on a cluster
 * (the Spark module's trainer): epochs, batch size, shuffle seed, learning-rate schedule, validation set, early
 * stopping and the {@link DivergenceRule}'s explosion factor. Each trainer's builder extends
 * {@link FitSettings.Builder}, so the settings are declared, checked and documented once; a
 * {@code FitSettings} value made with {@link #builder()} can be handed to either trainer's builder with
 * {@link Builder#settings(FitSettings)} (the command line builds one from its options for both).
 *
 * <p>Immutable (the validation set and the schedule are kept, not copied); thread-safe.
 */
public final class FitSettings {
    /** The default number of epochs. */
    public static final int DEFAULT_EPOCHS = 10;
    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final LearningRateSchedule schedule;
    private final Dataset validation;
    private final EarlyStopping earlyStopping;
    private final double explosionFactor;

    private FitSettings(Builder<?> b) {
        if (b.earlyStopping != null && b.validation == null) {
            throw new IllegalStateException("early stopping needs a validation set");
        }
        epochs = b.epochs;
        batchSize = b.batchSize;
        seed = b.seed;
        schedule = b.schedule;
        validation = b.validation;
        earlyStopping = b.earlyStopping;
        explosionFactor = b.explosionFactor;
    }

    /**
     * A builder with the defaults: {@value #DEFAULT_EPOCHS} epochs, batch {@value #DEFAULT_BATCH_SIZE}, seed 0,
     * no schedule, no validation set, no early stopping, explosion factor
     * {@link DivergenceRule#DEFAULT_EXPLOSION_FACTOR}.
     *
     * @return a new builder
     */
    public static Plain builder() {
        return new Plain();
    }

    /**
     * The maximum number of epochs.
     *
     * @return {@code >= 1}
     */
    public int epochs() {
        return epochs;
    }

    /**
     * Examples per step.
     *
     * @return {@code >= 1}
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The seed of the example order.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * The learning-rate schedule.
     *
     * @return the schedule, or null to keep the optimizer's rate
     */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /**
     * The validation set evaluated after every epoch.
     *
     * @return the set, or null for none
     */
    public Dataset validation() {
        return validation;
    }

    /**
     * Early stopping on the validation set.
     *
     * @return the rule, or null for none (never set without a validation set)
     */
    public EarlyStopping earlyStopping() {
        return earlyStopping;
    }

    /**
     * The {@link DivergenceRule}'s explosion factor.
     *
     * @return {@code > 1}, or {@code +Infinity} for no explosion check
     */
    public double explosionFactor() {
        return explosionFactor;
    }

    /**
     * A fresh divergence rule for one fit of a network with {@code classes} outputs.
     *
     * @param classes the network's output size, {@code >= 1}
     * @return a new rule with this explosion factor
     */
    public DivergenceRule divergenceRule(int classes) {
        return new DivergenceRule(explosionFactor, classes);
    }

    /** A builder of {@link FitSettings} values alone. Not thread-safe. */
    public static final class Plain extends Builder<Plain> {
        private Plain() {
        }

        @Override
        protected Plain self() {
            return this;
        }

        /**
         * The settings.
         *
         * @return a new value with the settings so far
         * @throws IllegalStateException when early stopping is set without a validation set
         */
        public FitSettings build() {
            return settings();
        }
    }

    /**
     * The shared settings' half of a trainer's builder: every setter checks its argument and returns the
     * subclass's builder, so calls chain with the trainer's own settings. Not thread-safe.
     *
     * @param <B> the builder subclass
     */
    public abstract static class Builder<B extends Builder<B>> {
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private long seed;
        private LearningRateSchedule schedule;
        private Dataset validation;
        private EarlyStopping earlyStopping;
        private double explosionFactor = DivergenceRule.DEFAULT_EXPLOSION_FACTOR;

        /** A builder with the defaults of {@link FitSettings#builder()}. */
        protected Builder() {
        }

        /**
         * This builder as its subclass.
         *
         * @return {@code this}
         */
        protected abstract B self();

        /**
         * The settings so far, checked together.
         *
         * @return a new value
         * @throws IllegalStateException when early stopping is set without a validation set
         */
        protected final FitSettings settings() {
            return new FitSettings(this);
        }

        /**
         * Replaces every shared setting by those of {@code value}.
         *
         * @param value the settings, not null
         * @return this builder
         */
        public final B settings(FitSettings value) {
            epochs = value.epochs;
            batchSize = value.batchSize;
            seed = value.seed;
            schedule = value.schedule;
            validation = value.validation;
            earlyStopping = value.earlyStopping;
            explosionFactor = value.explosionFactor;
            return self();
        }

        /**
         * The maximum number of epochs: passes over the training data (fewer run when a listener or early
         * stopping ends the fit).
         *
         * @param value {@code >= 1} (default {@value FitSettings#DEFAULT_EPOCHS})
         * @return this builder
         * @throws IllegalArgumentException when {@code value < 1}
         */
        public final B epochs(int value) {
            epochs = atLeastOne(value, "epochs");
            return self();
        }

        /**
         * Examples per step (the last batch of an epoch may be smaller; a fit on fewer examples uses them all
         * as one batch). On a cluster in exact mode this is the global batch, split over the replicas.
         *
         * @param value {@code >= 1} (default {@value FitSettings#DEFAULT_BATCH_SIZE}); at most the network's
         *              maxBatch when the fit runs
         * @return this builder
         * @throws IllegalArgumentException when {@code value < 1}
         */
        public final B batchSize(int value) {
            batchSize = atLeastOne(value, "batch size");
            return self();
        }

        /**
         * The seed of the per-epoch shuffles of the example order; each fit starts again from it.
         *
         * @param value the seed (default 0)
         * @return this builder
         */
        public final B seed(long value) {
            seed = value;
            return self();
        }

        /**
         * A learning-rate schedule: before step {@code t} (counted over the whole fit) of epoch {@code e} the
         * optimizer's rate is set to {@code schedule.rate(t, e)}.
         *
         * @param value the schedule, or null to keep the optimizer's own rate (default)
         * @return this builder
         */
        public final B schedule(LearningRateSchedule value) {
            schedule = value;
            return self();
        }

        /**
         * A validation set, evaluated after every epoch; its loss and accuracy go to the history and to early
         * stopping.
         *
         * @param value the examples, of the network's input size and classes; kept, not copied, not modified;
         *              null for none (default)
         * @return this builder
         */
        public final B validation(Dataset value) {
            validation = value;
            return self();
        }

        /**
         * Early stopping on the validation set: the fit stops when the monitored value has not improved for
         * {@code patience} epochs, and with {@code restoreBest} ends with the parameters of the best epoch.
         *
         * @param value the rule, or null for none (default); needs a {@link #validation} set when the settings
         *              are built
         * @return this builder
         */
        public final B earlyStopping(EarlyStopping value) {
            earlyStopping = value;
            return self();
        }

        /**
         * When a finite loss counts as exploded (see {@link DivergenceRule}): the fit then ends with
         * {@link TrainingDivergedException} and the last good parameters restored. A non-finite loss, gradient
         * or parameter always ends it.
         *
         * @param factor {@code > 1} (default {@link DivergenceRule#DEFAULT_EXPLOSION_FACTOR});
         *               {@code Double.POSITIVE_INFINITY} switches the explosion check off
         * @return this builder
         * @throws IllegalArgumentException when {@code factor} is NaN or not above 1
         */
        public final B explosionFactor(double factor) {
            explosionFactor = DivergenceRule.requireFactor(factor);
            return self();
        }

        private static int atLeastOne(int value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be >= 1, was " + value);
            }
            return value;
        }
    }
}
