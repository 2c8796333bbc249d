package dev.vecnet.spark;

import dev.vecnet.nn.Network;
import dev.vecnet.optim.Optimizer;
import dev.vecnet.train.FitSettings;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag$;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rounds of one {@link SparkTrainer} fit, on the driver: runs their Spark jobs, checks each round with the step
 * guard, updates the network and optimizer, and after each round does what the driver does (checkpoint, listener,
 * validation and early stopping, {@link EpochWatch}).
 *
 * <p><b>Jobs.</b> Without barrier jobs, one job per round ({@link RoundTask}), every partition's result collected
 * and reduced here ({@link Reductions}). With them ({@link BarrierRounds}): local SGD still runs one job per round,
 * reduced on partition 0's task; exact mode runs one job per <i>block</i> of steps, up to the next round after
 * which the driver must act with the round's weights: an epoch's end (validation, early stopping, the listener's
 * {@code onEpoch}), a checkpoint, or the fit's end. Schedules need no boundary: the block's rates travel with it.
 *
 * <p><b>A block on the driver.</b> The tasks check each step's loss, combined gradient and parameters as the guard
 * does and stop the block at the first that is not finite; the driver then applies the guard to each round of
 * the block in order (the loss explosion rule included). The listener's {@code onRound} is told every round of the
 * block after its job, while the network holds the weights of the block's last round; when it returns false before
 * that round, or a round fails the guard, the driver runs the block again up to the round concerned (the workers
 * replay, so that costs a job and a replay, and only then) to give the network that round's weights, which
 * {@code onRound} of the last round told and the guard's restored weights then are, as in the one-job-per-step
 * path.
 *
 * <p>One per fit, on the driver thread; not thread-safe.
 */
final class FitRun {
    private final Network net;
    private final Optimizer optimizer;
    private final JavaRDD<PartitionData> blocks;
    private final Broadcast<RunConfig> config;
    private final FitSettings settings;
    private final SyncMode sync;
    private final boolean barrier;
    private final long stepsPerEpoch;
    private final long stepsPerRound;
    private final long totalSteps;
    private final long totalRounds;
    private final Checkpoints checkpoints;
    private final int checkpointEvery;
    private final RoundListener listener;
    private final RoundGuard guard;
    private final EpochWatch watch;
    private final List<Double> losses = new ArrayList<>();
    private long done;
    /** Partition 0's listening address in the last barrier job, for the next ({@link PeerLink}). */
    private String rootAddress;

    /**
     * @param done rounds already done (a resumed fit's); the network and optimizer hold their state
     */
    FitRun(Network net, Optimizer optimizer, JavaRDD<PartitionData> blocks, Broadcast<RunConfig> config,
           FitSettings settings, SyncMode sync, boolean barrier, long stepsPerEpoch, long stepsPerRound,
           Checkpoints checkpoints, int checkpointEvery, RoundListener listener, long done) {
        this.net = net;
        this.optimizer = optimizer;
        this.blocks = blocks;
        this.config = config;
        this.settings = settings;
        this.sync = sync;
        this.barrier = barrier;
        this.stepsPerEpoch = stepsPerEpoch;
        this.stepsPerRound = stepsPerRound;
        this.totalSteps = settings.epochs() * stepsPerEpoch;
        this.totalRounds = (totalSteps + stepsPerRound - 1) / stepsPerRound;
        this.checkpoints = checkpoints;
        this.checkpointEvery = checkpointEvery;
        this.listener = listener;
        this.done = done;
        this.guard = new RoundGuard(net, settings.explosionFactor());
        this.watch = new EpochWatch(net, settings.validation(), settings.earlyStopping(), listener,
                (int) Math.min(settings.epochs(), done * stepsPerRound / stepsPerEpoch));
    }

    /**
     * Runs the rounds left.
     *
     * @return the fit's summary
     */
    FitSummary run() {
        if (listener != null) {
            listener.onStart(totalRounds, stepsPerEpoch, stepsPerRound);
        }
        boolean go = true;
        while (go && done < totalRounds) {
            go = barrier && sync == SyncMode.EXACT ? exactBlock() : round();
        }
        int bestEpoch = watch.finish();
        return new FitSummary(done, totalRounds, losses, bestEpoch, watch.history(losses, bestEpoch));
    }

    /** One round in one job; false when the fit stops after it. */
    private boolean round() {
        long from = done * stepsPerRound;
        long to = Math.min(totalSteps, from + stepsPerRound);
        float[] rates = rates(from, to);
        if (rates != null) {
            optimizer.setLearningRate(rates[0]);
        }
        RoundInput input = new RoundInput(net.parameters().values().clone(), net.batchesTracked(),
                sync == SyncMode.EXACT ? Map.of() : optimizer.state(), optimizer.steps(),
                optimizer.learningRate(), sync == SyncMode.EXACT ? null : rates);
        int epoch = (int) (from / stepsPerEpoch);
        double loss;
        if (barrier) {
            BlockResult result = runBarrier(input, from, to);
            loss = result.losses()[0];
            guard.checkLoss(input, loss, epoch, from, to, sync);
            Reductions.apply(net, optimizer, result.state());
        } else {
            List<PartitionResult> results = runRound(input, from, to);
            loss = Reductions.meanLoss(results);
            guard.checkLoss(input, loss, epoch, from, to, sync);
            if (sync == SyncMode.EXACT) {
                float[] g = Reductions.combineGradients(net, net.parameters().values().clone(), results);
                guard.checkGradient(input, g, loss, epoch, from);
                optimizer.step(net.parameters(), g);
                net.parametersChanged();
            } else {
                Reductions.apply(net, optimizer, Reductions.mean(results));
            }
        }
        if (sync == SyncMode.LOCAL_SGD && rates != null) {
            optimizer.setLearningRate(rates[rates.length - 1]);
        }
        guard.checkParameters(input, loss, epoch, from, to, sync);
        return roundDone(loss, to);
    }

    /** Exact mode: the rounds up to the next where the driver acts, in one barrier job; false when the fit stops. */
    private boolean exactBlock() {
        long from = done;
        long end = Math.min(totalRounds, (from / stepsPerEpoch + 1) * stepsPerEpoch);
        if (checkpoints != null) {
            end = Math.min(end, (from / checkpointEvery + 1) * checkpointEvery);
        }
        RoundInput input = new RoundInput(net.parameters().values().clone(), net.batchesTracked(), optimizer.state(),
                optimizer.steps(), optimizer.learningRate(), rates(from, end));
        BlockResult block = runBarrier(input, from, end);
        double[] blockLosses = block.losses();
        int failed = -1;
        String problem = null;
        for (int i = 0; i < blockLosses.length && failed < 0; i++) {
            problem = guard.lossProblem(blockLosses[i], from + i, from + i + 1, sync);
            if (problem == null && i == blockLosses.length - 1 && block.failure() != BlockResult.NONE) {
                problem = block.failure() == BlockResult.GRADIENT ? RoundGuard.GRADIENT : RoundGuard.PARAMETERS;
            }
            if (problem != null) {
                failed = i;
            }
        }
        int told = failed < 0 ? blockLosses.length : failed;
        if (failed < 0) {
            hold(block.state(), input, told);
        } else {
            rewind(input, from, told);
        }
        // From here the network holds the state after the last round told.
        for (int i = 0; i < told; i++) {
            if (!roundDone(blockLosses[i], from + i + 1)) {
                if (i < told - 1) {
                    rewind(input, from, i + 1);
                }
                return false;
            }
        }
        if (failed >= 0) {
            long step = from + failed;
            guard.fail(stateOf(input), (int) (step / stepsPerEpoch), step, blockLosses[failed], problem);
        }
        return true;
    }

    /**
     * Gives the network and optimizer, which still hold the block's input, the state after the block's first
     * {@code rounds} rounds, by running them again.
     */
    private void rewind(RoundInput input, long from, int rounds) {
        if (rounds > 0) {
            hold(runBarrier(input, from, from + rounds).state(), input, rounds);
        }
    }

    /**
     * Puts the state after the block's round {@code rounds - 1} into the network and optimizer, with that round's
     * learning rate.
     */
    private void hold(PartitionResult state, RoundInput input, int rounds) {
        Reductions.apply(net, optimizer, state);
        if (input.rates() != null) {
            optimizer.setLearningRate(input.rates()[rounds - 1]);
        }
    }

    /** The network's state now as a round's input, for the guard to restore. */
    private RoundInput stateOf(RoundInput input) {
        return new RoundInput(net.parameters().values().clone(), net.batchesTracked(), Map.of(), 0,
                input.learningRate(), null);
    }

    /** After a round: checkpoint, listener, epoch watch; false when the fit stops. */
    private boolean roundDone(double loss, long to) {
        done++;
        losses.add(loss);
        if (checkpoints != null && done % checkpointEvery == 0) {
            checkpoints.save(net, optimizer, done);
        }
        boolean go = listener == null || listener.onRound(done, loss);
        int epochsDone = done == totalRounds ? settings.epochs() : (int) Math.min(settings.epochs(), to / stepsPerEpoch);
        return watch.afterRound(epochsDone) && go;
    }

    /**
     * The schedule's rate for each step of {@code [from, to)}, step {@code t} in epoch {@code t / stepsPerEpoch} (as
     * the local trainer counts them); null without a schedule.
     */
    private float[] rates(long from, long to) {
        if (settings.schedule() == null) {
            return null;
        }
        float[] rates = new float[(int) (to - from)];
        for (int i = 0; i < rates.length; i++) {
            long step = from + i;
            rates[i] = settings.schedule().rate(step, (int) (step / stepsPerEpoch));
        }
        return rates;
    }

    /** One job of the one-job-per-round path ({@link RoundTask}): the results in partition order. */
    private List<PartitionResult> runRound(RoundInput input, long from, long to) {
        Broadcast<RoundInput> broadcast = JavaSparkContext.fromSparkContext(blocks.context()).broadcast(input);
        try {
            Object results = blocks.context().runJob(blocks.rdd(), new RoundTask(new RoundJob(config, broadcast, sync, done, from, to, null, 0)),
                    ClassTag$.MODULE$.apply(PartitionResult.class));
            return List.of((PartitionResult[]) results);
        } finally {
            broadcast.destroy();
        }
    }

    /** One barrier job from {@code input}, local steps {@code [from, to)}: partition 0's result. */
    private BlockResult runBarrier(RoundInput input, long from, long to) {
        Broadcast<RoundInput> broadcast = JavaSparkContext.fromSparkContext(blocks.context()).broadcast(input);
        try {
            BlockResult result = BarrierRounds.run(new RoundJob(config, broadcast, sync, done, from, to, rootAddress, 0),
                    blocks);
            rootAddress = result.rootAddress();
            return result;
        } finally {
            broadcast.destroy();
        }
    }
}
