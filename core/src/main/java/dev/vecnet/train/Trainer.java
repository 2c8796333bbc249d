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
    private final FitSettings settings;
    private final List<TrainingListener> listeners;
    private final boolean evaluateTraining;
    private final int threads;
    private final WorkerTeam team;
    private final int slices;

    private Trainer(Builder b) {
        threads = b.threads;
        slices = b.slices;
        team = b.team;
        settings = b.settings();
        listeners = List.copyOf(b.listeners);
        evaluateTraining = b.evaluateTraining;
    }

    /**
     * A builder with the defaults of {@link FitSettings#builder()} (10 epochs, batch 32, seed 0, no schedule, no
     * validation set, no early stopping), one thread, one slice, no listeners, and evaluation of the training set
     * after every epoch.
     *
     * @return a new builder
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
        EarlyStopping earlyStopping = settings.earlyStopping();
        Dataset validation = settings.validation();
        int batch = (int) Math.min(settings.batchSize(), data.count());
        if (batch > net.maxBatch()) {
            throw new IllegalArgumentException("batch size " + batch + " exceeds the network's maxBatch " + net.maxBatch());
        }
        int perEpoch = Math.toIntExact((data.count() + batch - 1) / batch);
        History history = new History(settings.epochs(), Math.multiplyExact(settings.epochs(), perEpoch));
        Loop loop = new Loop(net, data, batch, optimizer, history, team);
        float[] best = earlyStopping != null && earlyStopping.restoreBest() ? new float[net.parameters().size()] : null;
        double bestValue = earlyStopping == null ? 0 : earlyStopping.worst();
        int bestEpoch = -1;
        // Each evaluator holds a training context of its own: none is made for a pass that will not run.
        Evaluator trainEval = evaluateTraining ? new Evaluator(net, data, team) : null;
        Evaluator valEval = validation == null ? null : new Evaluator(net, validation, team);
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
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
            this.batches = new MiniBatches(data, batch, settings.seed());
            this.optimizer = optimizer;
            this.guard = new StepGuard(net.newTrainingContext(batch, false, team, Math.min(slices, batch)),
                    settings.explosionFactor());
        }

        /** One epoch; false when a listener asked to stop. Allocates nothing. */
        boolean runEpoch(int epoch) {
            batches.shuffle();
            boolean go = true;
            while (go && batches.next()) {
                if (settings.schedule() != null) {
                    optimizer.setLearningRate(settings.schedule().rate(iteration, epoch));
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

    /**
     * Configures a {@link Trainer}: the settings every trainer shares (epochs, batch size, seed, schedule,
     * validation, early stopping, explosion factor: see {@link FitSettings.Builder}) and this trainer's own
     * (threads, slices, listeners, training-set evaluation). Not thread-safe.
     */
    public static final class Builder extends FitSettings.Builder<Builder> {
        private final List<TrainingListener> listeners = new ArrayList<>();
        private boolean evaluateTraining = true;
        private int threads = 1;
        private WorkerTeam team;
        private int slices = 1;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
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
