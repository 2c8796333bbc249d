package dev.vecnet.cli;

import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.optim.Optimizer;
import dev.vecnet.train.History;
import dev.vecnet.train.Trainer;
import dev.vecnet.train.TrainingDivergedException;
import dev.vecnet.train.TrainingListener;

import java.util.Locale;

/**
 * One training run as {@code train} and each {@code search} trial make it: a {@link Trainer} over the
 * prepared training part, validated on the validation part, with optional early stopping (validation loss,
 * best weights restored). Stateless; each call trains its own network on the calling thread.
 */
public final class TrainingRun {
    /** What to change when a {@code train} run diverges. */
    public static final String TRAIN_ADVICE = "lower the learning rate (--lr) or the L2 strength (--l2)";
    /** What to change when {@code search} trials diverge. */
    static final String SEARCH_ADVICE = "lower the learning-rate range (--lr-range) or the L2 range (--l2-range)";

    private TrainingRun() {
    }

    /** Optimizer steps per epoch for {@code examples} training examples in batches of {@code batchSize}. */
    public static int stepsPerEpoch(int examples, int batchSize) {
        int batch = Math.min(batchSize, examples);
        return (examples + batch - 1) / batch;
    }

    /**
     * Trains {@code net} (its parameters are modified) with {@code optimizer} (its state is modified).
     *
     * @param schedule the learning-rate schedule, or null to keep the optimizer's rate
     * @param listener called per step and epoch, or null
     * @param advice   what the message of a diverged run advises, {@link #TRAIN_ADVICE} or {@link #SEARCH_ADVICE}
     * @throws UsageException         when early stopping is asked for without a validation part
     * @throws CommandFailedException when training diverges (a non-finite value, or a loss above 100 times the
     *                                larger of the first loss and ln C), naming the 1-based epoch and step and
     *                                advising to lower the rate; the network keeps the last good weights
     */
    public static History fit(Network net, PreparedData data, FitOptions fit, Optimizer optimizer,
                              LearningRateSchedule schedule, long seed, TrainingListener listener, String advice) {
        return fit(net, data, fit, optimizer, schedule, seed, listener, advice, null);
    }

    /** As the other {@code fit}, with every step split across {@code team} (null: the calling thread). */
    public static History fit(Network net, PreparedData data, FitOptions fit, Optimizer optimizer,
                              LearningRateSchedule schedule, long seed, TrainingListener listener, String advice,
                              WorkerTeam team) {
        return fit(net, data, fit, optimizer, schedule, seed, listener, advice, team, 1);
    }

    /**
     * As the other {@code fit}, with each batch cut into {@code slices} data-parallel slices
     * ({@link Trainer.Builder#slices}; 1: the whole batch in one context, every pass split across the team).
     */
    public static History fit(Network net, PreparedData data, FitOptions fit, Optimizer optimizer,
                              LearningRateSchedule schedule, long seed, TrainingListener listener, String advice,
                              WorkerTeam team, int slices) {
        Trainer.Builder trainer = Trainer.builder().settings(fit.settings(data.validationOrNull(), schedule, seed))
                .threads(team).slices(slices);
        if (listener != null) {
            trainer.listener(listener);
        }
        try {
            return DataSource.reading(data.name(), () -> trainer.build().fit(net, data.train(), optimizer));
        } catch (TrainingDivergedException e) {
            throw diverged(e, advice);
        }
    }

    /** The command's failure for a diverged run: the epoch and step (1-based), the reason and {@code advice}. */
    public static CommandFailedException diverged(TrainingDivergedException e, String advice) {
        return new CommandFailedException(String.format(Locale.ROOT, "training diverged at epoch %d, step %d: %s; %s",
                e.epoch() + 1, e.iteration() + 1, e.reason(), advice), e);
    }
}
