package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Examples;
import dev.vecnet.data.MiniBatches;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.optim.Optimizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Mini-batch training: per epoch a seeded shuffle of the example order and batches gathered into
 * preallocated buffers (both {@link MiniBatches}, seeded once with the trainer's seed), one guarded
 * optimizer step per batch (a non-finite loss, gradient or parameter, or a loss above
 * {@link Builder#explosionFactor} times the reference loss, throws {@link TrainingDivergedException} with the
 * last good parameters restored), the learning rate set
 * from the schedule before every step, then an evaluation of the training and validation sets per epoch.
 * Listeners may stop training; {@link EarlyStopping} stops on validation patience and may restore the
 * best parameters.
 *
 * <p>A trainer is immutable configuration (its listeners aside, which may keep state of their own) and
 * may run any number of fits. The optimizer is passed to {@link #fit}: its state (moments, step count) carries across fits, so fitting
 * again with the same optimizer continues where the last fit stopped, and a fresh optimizer starts over.
 * Each fit trains through a new training context, so its dropout masks start again from the layers' seeds.
 *
 * <p>Allocation: {@link #fit} allocates up front a {@link dev.vecnet.nn.TrainingContext} for its batch
 * size, its batch buffers, evaluation buffers, history and (with early stopping) one parameter copy; the
 * steps and evaluations allocate nothing (the optimizer's state aside, on its first step). Same seed,
 * network seed, optimizer state and data give bit-identical parameters.
 *
 * <p>Threads: a fit runs on the calling thread unless {@link Builder#threads(int)} asks for more (then the
 * fit starts a {@link WorkerTeam} team of that size and closes it when it returns) or
 * {@link Builder#threads(WorkerTeam)} lends it a team (used, not closed). With a team every step is
 * split across it (see {@link Network#newTrainingContext(int, boolean, WorkerTeam)}), as are the
 * optimizer step, the step guard's snapshot and checks, and the per-epoch evaluations ({@link Evaluator});
 * nothing is summed in another order, so the parameters, losses and history have the same bits for every
 * thread count.
 */
public final class Trainer {
    private final int epochs;
    private final int batchSize;
    private final LearningRateSchedule schedule;
    private final Dataset validation;
    private final EarlyStopping earlyStopping;
    private final List<TrainingListener> listeners;
    private final long seed;
    private final boolean evaluateTraining;
    private final double explosionFactor;
    private final int threads;
    private final WorkerTeam team;
    private final int slices;

    private Trainer(Builder b) {
        threads = b.threads;
        slices = b.slices;
        team = b.team;
        epochs = b.epochs;
        batchSize = b.batchSize;
        schedule = b.schedule;
        validation = b.validation;
        earlyStopping = b.earlyStopping;
        listeners = List.copyOf(b.listeners);
        seed = b.seed;
        evaluateTraining = b.evaluateTraining;
        explosionFactor = b.explosionFactor;
        if (earlyStopping != null && validation == null) {
            throw new IllegalStateException("early stopping needs a validation set");
        }
    }

    /**
     * A builder with defaults: 10 epochs, batch 32, no schedule, seed 0.
     *
     * @return a new builder; also no validation set, no early stopping, no listeners, and evaluation of the
     *         training set after every epoch
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains {@code net} on {@code data} with {@code optimizer}. Modifies the network's parameters and the
     * optimizer's state (and its learning rate, when there is a schedule).
     *
     * @param net       the network to train; its parameters are updated in place
     * @param data      the training examples, of the network's input size: a {@link Dataset}, or rows gathered
     *                  from a file ({@link dev.vecnet.data.MappedExamples}); not modified
     * @param optimizer the optimizer of every step, not null; its state carries over from earlier fits
     * @return what was recorded
     * @throws TrainingDivergedException on a non-finite loss, gradient or parameter, or an exploded loss; the
     *                                   network then holds the last good parameters
     * @throws IllegalArgumentException  when the data set is empty, the batch size exceeds the network's
     *                                   maximum batch, the data's width differs from the network's input, or
     *                                   {@link Builder#slices} is above 1 for a network with BatchNorm
     * @throws NullPointerException      when {@code optimizer} is null
     */
    public History fit(Network net, Examples data, Optimizer optimizer) {
        if (team != null || threads == 1) {
            return fit(net, data, optimizer, team);
        }
        try (WorkerTeam own = new WorkerTeam(threads)) {
            return fit(net, data, optimizer, own);
        }
    }

    private History fit(Network net, Examples data, Optimizer optimizer, WorkerTeam team) {
        Objects.requireNonNull(optimizer, "optimizer");
        if (data.count() == 0) {
            throw new IllegalArgumentException("the training data set is empty");
        }
        if (data.featureCount() != net.inputSize()) {
            throw new IllegalArgumentException("data has " + data.featureCount() + " features, the network "
                    + net.inputSize() + " inputs");
        }
        int batch = (int) Math.min(batchSize, data.count());
        if (batch > net.maxBatch()) {
            throw new IllegalArgumentException("batch size " + batch + " exceeds the network's maxBatch " + net.maxBatch());
        }
        int perEpoch = Math.toIntExact((data.count() + batch - 1) / batch);
        History history = new History(epochs, Math.multiplyExact(epochs, perEpoch));
        Loop loop = new Loop(net, data, batch, optimizer, history, team);
        float[] best = earlyStopping != null && earlyStopping.restoreBest() ? new float[net.parameters().size()] : null;
        double bestValue = earlyStopping == null ? 0 : earlyStopping.worst();
        int bestEpoch = -1;
        // Each evaluator holds a training context of its own: none is made for a pass that will not run.
        Evaluator trainEval = evaluateTraining ? new Evaluator(net, data, team) : null;
        Evaluator valEval = validation == null ? null : new Evaluator(net, validation, team);
        for (int epoch = 0; epoch < epochs; epoch++) {
            boolean go = loop.runEpoch(epoch);
            double tl = Double.NaN, ta = Double.NaN, vl = Double.NaN, va = Double.NaN;
            if (trainEval != null) {
                trainEval.evaluate();
                tl = trainEval.loss();
                ta = trainEval.accuracy();
            }
            if (valEval != null) {
                valEval.evaluate();
                vl = valEval.loss();
                va = valEval.accuracy();
            }
            history.recordEpoch(tl, ta, vl, va);
            for (int i = 0; i < listeners.size(); i++) {
                go &= listeners.get(i).onEpoch(epoch, history);
            }
            if (earlyStopping != null) {
                double value = earlyStopping.monitor() == EarlyStopping.Monitor.VALIDATION_LOSS ? vl : va;
                if (earlyStopping.improves(value, bestValue)) {
                    bestValue = value;
                    bestEpoch = epoch;
                    if (best != null) {
                        System.arraycopy(net.parameters().values(), 0, best, 0, best.length);
                    }
                } else if (epoch - bestEpoch >= earlyStopping.patience()) {
                    go = false;
                }
            }
            if (!go) {
                break;
            }
        }
        if (best != null && bestEpoch >= 0) {
            System.arraycopy(best, 0, net.parameters().values(), 0, best.length);
            net.parametersChanged();
            history.setBestEpoch(bestEpoch);
        }
        return history;
    }

    /** The step loop of one fit: shuffling, gathering, guarded steps. Package-private for tests. */
    final class Loop {
        private final History history;
        private final MiniBatches batches;
        private final Optimizer optimizer;
        private final StepGuard guard;
        private long iteration;

        Loop(Network net, Examples data, int batch, Optimizer optimizer, History history, WorkerTeam team) {
            this.history = history;
            this.batches = new MiniBatches(data, batch, seed);
            this.optimizer = optimizer;
            this.guard = new StepGuard(net.newTrainingContext(batch, false, team, Math.min(slices, batch)),
                    explosionFactor);
        }

        /** One epoch; false when a listener asked to stop. Allocates nothing. */
        boolean runEpoch(int epoch) {
            batches.shuffle();
            boolean go = true;
            while (go && batches.next()) {
                if (schedule != null) {
                    optimizer.setLearningRate(schedule.rate(iteration, epoch));
                }
                double loss = guard.step(optimizer, batches.x(), batches.count(), batches.labels(), batches.targets(),
                        epoch, iteration);
                if (history != null) {
                    history.recordIteration(loss);
                }
                for (int i = 0; i < listeners.size(); i++) {
                    go &= listeners.get(i).onIteration(iteration, epoch, loss);
                }
                iteration++;
            }
            return go;
        }
    }

    /** Configures a {@link Trainer}. Not thread-safe. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private LearningRateSchedule schedule;
        private Dataset validation;
        private EarlyStopping earlyStopping;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private long seed;
        private boolean evaluateTraining = true;
        private double explosionFactor = StepGuard.DEFAULT_EXPLOSION_FACTOR;
        private int threads = 1;
        private WorkerTeam team;
        private int slices = 1;

        private Builder() {
        }

        /**
         * Data-parallel steps: every batch is cut into {@code value} fixed slices of consecutive rows, each
         * computed on a replica of its own, and their gradients are summed in slice order (see
         * {@link Network#newTrainingContext(int, boolean, WorkerTeam, int)}). With a team of {@code T}
         * threads the slices run {@code T} at a time: one hand-off per step instead of one per pass, which
         * scales small layers better than the intra-op split. The result depends on {@code value} (a
         * different rounding of the gradient sum than one slice) but never on the thread count. A batch
         * smaller than {@code value} (a tiny data set) uses one slice per example. Not for networks with
         * BatchNorm ({@link #fit} throws).
         *
         * @param value the slice count, {@code >= 1} (default 1: the whole batch in one context, every pass
         *              split across the team)
         * @return this builder
         * @throws IllegalArgumentException when {@code value < 1}
         */
        public Builder slices(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("slices must be >= 1, was " + value);
            }
            slices = value;
            return this;
        }

        /**
         * The number of threads each fit runs on (default 1: the calling thread alone). Above 1, every
         * {@link Trainer#fit} starts a team of {@code value} threads ({@code value - 1} daemon workers named
         * {@code vecnet-worker-N}) and closes it before returning; results have the same bits for any value.
         * Replaces a team set with {@link #threads(WorkerTeam)}.
         *
         * @param value threads per fit, the calling thread included, {@code >= 1} (for example
         *              {@code Runtime.getRuntime().availableProcessors()})
         * @return this builder
         * @throws IllegalArgumentException when {@code value < 1}
         */
        public Builder threads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + value);
            }
            threads = value;
            team = null;
            return this;
        }

        /**
         * A team every fit splits its work across, created and closed by the caller (to share one team
         * between fits, or with other work of the caller's; one job runs on a team at a time). Replaces
         * {@link #threads(int)}.
         *
         * @param value the team, not closed, or null for the calling thread alone
         * @return this builder
         */
        public Builder threads(WorkerTeam value) {
            team = value;
            threads = value == null ? 1 : value.threads();
            return this;
        }

        /**
         * When a finite loss counts as exploded: a step's loss above {@code factor * max(L0, ln C)}, where
         * {@code L0} is the fit's first step loss and {@code C} the network's output size, ends the fit with
         * {@link TrainingDivergedException} and restores the weights of the last step whose loss passed.
         * ({@code ln C} is the softmax cross-entropy of a uniform guess, so a fit that continues from a trained
         * network, with a tiny first loss, is not stopped by ordinary noise.)
         *
         * @param factor the factor, {@code > 1} (default 100); {@code Double.POSITIVE_INFINITY} turns the check
         *               off, leaving only the non-finite checks
         * @return this builder
         * @throws IllegalArgumentException when {@code factor} is NaN or not above 1
         */
        public Builder explosionFactor(double factor) {
            if (!(factor > 1)) {
                throw new IllegalArgumentException("explosion factor must be > 1, was " + factor);
            }
            explosionFactor = factor;
            return this;
        }

        /**
         * Maximum number of epochs, >= 1 (fewer run when a listener or early stopping stops the fit).
         *
         * @param value the number of epochs, {@code >= 1} (default 10)
         * @return this builder
         * @throws IllegalArgumentException when {@code value < 1}
         */
        public Builder epochs(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, was " + value);
            }
            epochs = value;
            return this;
        }

        /**
         * Examples per step, >= 1 and at most the network's maxBatch (the last batch may be smaller).
         *
         * @param value the batch size, {@code >= 1} (default 32); a fit on fewer examples uses them all as one
         *              batch
         * @return this builder
         * @throws IllegalArgumentException when {@code value < 1}
         */
        public Builder batchSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, was " + value);
            }
            batchSize = value;
            return this;
        }

        /**
         * A learning-rate schedule that overrides the optimizer's rate before every step (or null).
         *
         * @param value the schedule, asked for the rate at each (iteration, epoch); null keeps the optimizer's
         *              own rate
         * @return this builder
         */
        public Builder schedule(LearningRateSchedule value) {
            schedule = value;
            return this;
        }

        /**
         * A validation set evaluated after every epoch (or null).
         *
         * @param value the validation examples, of the network's input size; kept, not copied, not modified;
         *              null for none
         * @return this builder
         */
        public Builder validation(Dataset value) {
            validation = value;
            return this;
        }

        /**
         * Early stopping (or null); needs a validation set.
         *
         * @param value the early-stopping rule, or null for none; {@link #build()} throws when it is set
         *              without a validation set
         * @return this builder
         */
        public Builder earlyStopping(EarlyStopping value) {
            earlyStopping = value;
            return this;
        }

        /**
         * Adds a listener. Listeners are called in the order added, on the training thread.
         *
         * @param value the listener, not null; kept, and shared by every fit of the built trainer
         * @return this builder
         * @throws NullPointerException when {@code value} is null
         */
        public Builder listener(TrainingListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Seed of the per-epoch shuffles.
         *
         * @param value the seed of the {@link MiniBatches} order (default 0); each fit starts again from it
         * @return this builder
         */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * Whether to evaluate the whole training set after every epoch (default true).
         *
         * @param value false to skip it; the training loss and accuracy in the {@link History} are then NaN
         * @return this builder
         */
        public Builder evaluateTraining(boolean value) {
            evaluateTraining = value;
            return this;
        }

        /**
         * The trainer.
         *
         * @return a new trainer with the settings so far (the listener list is copied)
         * @throws IllegalStateException when early stopping is set without a validation set
         */
        public Trainer build() {
            return new Trainer(this);
        }
    }
}
