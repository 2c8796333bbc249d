package dev.vecnet.spark;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.MiniBatches;
import dev.vecnet.format.LoadOptions;
import dev.vecnet.format.ModelFile;
import dev.vecnet.format.ModelFormatException;
import dev.vecnet.nn.LayerSpec;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;
import dev.vecnet.nn.TrainingContext;
import dev.vecnet.optim.Optimizer;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The executor-side state of one partition of one fit: a copy of the network built with the partition's seed,
 * one training context, the partition's mini-batches and their position, the number of local steps consumed
 * so far. Kept between tasks by {@link WorkerCache}, so a step allocates nothing but its result.
 *
 * <p><b>Determinism.</b> Local step {@code t} of partition {@code p} always sees the same batch and the
 * same dropout masks: the order comes from {@code MiniBatches(data, batch, partitionSeed(shuffleSeed, p))},
 * reshuffled every {@code ceil(n / batch)} steps, and the masks from the context's counter. A worker asked
 * for a step other than its next one (a retried task whose first attempt got further, a lost executor, a
 * resumed fit) starts again from step 0 and replays the batches (and, with dropout, the forward passes that
 * advance the mask counter) without updating anything that the next step reads.
 *
 * <p>Confined to one thread at a time: Spark runs at most one task of a partition of a job at once, and a barrier
 * task holds the worker's lock ({@link BarrierTask}) for the case of a job run again while a task of the failed one
 * still finishes.
 */
final class PartitionWorker {
    private final int partition;
    private final RunConfig config;
    private final Dataset data;
    private final Network net;
    private final int batch;
    private final int stepsPerEpoch;
    private final boolean hasDropout;
    private MiniBatches batches;
    private TrainingContext context;
    private long position;

    PartitionWorker(RunConfig config, int partition, PartitionData partitionData) {
        this.partition = partition;
        this.config = config;
        this.data = partitionData.dataset();
        if (data.size() == 0) {
            throw new IllegalArgumentException("partition " + partition + " holds no examples; use fewer partitions");
        }
        Network template;
        try {
            template = ModelFile.read(config.modelBytes(), LoadOptions.defaults()).network();
        } catch (ModelFormatException e) {
            throw new IllegalStateException("the broadcast model cannot be read", e);
        }
        this.net = Network.from(template.spec(),
                template.options().withSeed(RunConfig.partitionSeed(config.networkSeed(), partition)));
        this.batch = Math.min(config.batchSizes()[partition], data.size());
        this.stepsPerEpoch = (data.size() + batch - 1) / batch;
        this.hasDropout = net.spec().layers().stream().anyMatch(l -> l instanceof LayerSpec.Dropout);
        restart();
    }

    private void restart() {
        batches = new MiniBatches(data, batch, RunConfig.partitionSeed(config.shuffleSeed(), partition));
        context = net.newTrainingContext(batch, false);
        position = 0;
    }

    /**
     * Brings the batches (and dropout counters) to local step {@code step}: forward from the current position,
     * or replayed from 0 when the worker is past it. Modifies the copy's BatchNorm statistics when it replays
     * forward passes; {@link #load} overwrites them afterwards.
     */
    private void seek(long step) {
        if (position > step) {
            restart();
        }
        while (position < step) {
            nextBatch();
            if (hasDropout) {
                context.forwardBackward(batches.x(), 0, batches.count(), batches.labels(), null);
            }
        }
    }

    private void nextBatch() {
        if (position % stepsPerEpoch == 0) {
            batches.shuffle();
        }
        batches.next();
        position++;
    }

    private void load(RoundInput input) {
        System.arraycopy(input.parameters(), 0, net.parameters().values(), 0, input.parameters().length);
        net.setBatchesTracked(input.batchesTracked());
        net.parametersChanged();
    }

    /**
     * Exact mode: the gradient of local step {@code step} at the broadcast weights.
     *
     * @return the mean gradient of this partition's batch (running statistics in the non-trainable slots)
     */
    PartitionResult gradient(long step, RoundInput input) {
        seek(step);
        load(input);
        PartitionResult result = sliceGradient(new float[net.parameters().size()]);
        config.hook().afterWork(step, partition);
        return result;
    }

    /**
     * Exact mode inside one barrier job: local steps {@code [from, to)} from the broadcast weights and optimizer
     * state, each combining every partition's gradient ({@link PeerLink#allGather}, {@link Reductions}) and stepping
     * this worker's own copy of the optimizer, as the driver does in the one-job-per-step path, so every replica
     * keeps the same bits. Stops after a step whose mean loss, combined gradient or updated parameters are not
     * finite (every task sees the same numbers, so all stop there).
     *
     * <p>The step's own gradient and the combined one go through arrays reused by the block, the other partitions'
     * gradients through the link's ({@link PeerLink}); a step allocates small arrays only (batch counts).
     *
     * @return at partition 0, the state after the last step run with each step's mean loss; elsewhere null
     * @throws IOException when the link to the other tasks fails
     */
    BlockResult exactSteps(long from, long to, RoundInput input, PeerLink link, int replicas) throws IOException {
        seek(from);
        load(input);
        Optimizer optimizer = optimizer(input);
        float[] values = net.parameters().values();
        boolean pools = replicas > 1 && net.parameters().tensors().stream().anyMatch(t -> !t.trainable());
        // The pooled running statistics need those the step started from; this worker's forward overwrites them.
        float[] before = pools ? new float[values.length] : values;
        float[] slice = new float[values.length];
        float[] g = new float[values.length];
        double[] losses = new double[(int) (to - from)];
        int run = 0;
        int failure = BlockResult.NONE;
        for (long t = from; t < to && failure == BlockResult.NONE; t++) {
            if (input.rates() != null) {
                optimizer.setLearningRate(input.rates()[(int) (t - from)]);
            }
            if (pools) {
                System.arraycopy(values, 0, before, 0, values.length);
            }
            PartitionResult mine = sliceGradient(slice);
            config.hook().afterWork(t, partition);
            List<PartitionResult> all = link.allGather(mine);
            double loss = Reductions.meanLoss(all);
            losses[run++] = loss;
            if (!Double.isFinite(loss)) {
                break;
            }
            Reductions.combineGradients(net, before, all, g);
            if (!RoundGuard.finite(g)) {
                failure = BlockResult.GRADIENT;
                break;
            }
            optimizer.step(net.parameters(), g);
            net.parametersChanged();
            if (!RoundGuard.finite(values)) {
                failure = BlockResult.PARAMETERS;
            }
        }
        if (!link.root()) {
            return null;
        }
        PartitionResult state = new PartitionResult(0, 0, values.clone(), net.batchesTracked(), optimizer.state(),
                optimizer.steps());
        return new BlockResult(state, Arrays.copyOf(losses, run), failure, null);
    }

    /**
     * The next batch's mean gradient at the current weights, written into {@code out} with the running statistics
     * after the forward pass in the slots of the non-trainable tensors.
     */
    private PartitionResult sliceGradient(float[] out) {
        nextBatch();
        TrainingContext.Step s = context.forwardBackward(batches.x(), 0, batches.count(), batches.labels(), null);
        System.arraycopy(context.gradients(), 0, out, 0, out.length);
        float[] w = net.parameters().values();
        for (ParameterTensor t : net.parameters().tensors()) {
            if (!t.trainable()) {
                System.arraycopy(w, t.offset(), out, t.offset(), t.size());
            }
        }
        return new PartitionResult(s.batch(), s.loss() * s.batch(), out, net.batchesTracked(), Map.of(), 0);
    }

    /** A new optimizer at the input's rate, with the input's state when it has one. */
    private Optimizer optimizer(RoundInput input) {
        Optimizer optimizer = config.optimizer().create(input.learningRate());
        if (!input.optimizerState().isEmpty() || optimizer.stateNames().isEmpty()) {
            optimizer.restoreState(net.parameters(), input.optimizerState(), input.optimizerSteps());
        }
        return optimizer;
    }

    /**
     * Local SGD: local steps {@code [from, to)} with the partition's own optimizer, started from the broadcast
     * weights and optimizer state.
     *
     * @return the parameters and optimizer state after the steps
     */
    PartitionResult localSteps(long round, long from, long to, RoundInput input) {
        seek(from);
        load(input);
        Optimizer optimizer = optimizer(input);
        long examples = 0;
        double lossSum = 0;
        float[] rates = input.rates();
        for (long t = from; t < to; t++) {
            if (rates != null) {
                optimizer.setLearningRate(rates[(int) (t - from)]);
            }
            nextBatch();
            TrainingContext.Step s = context.forwardBackward(batches.x(), 0, batches.count(), batches.labels(), null);
            lossSum += s.loss() * s.batch();
            examples += s.batch();
            optimizer.step(net.parameters(), context.gradients());
            net.parametersChanged();
        }
        config.hook().afterWork(round, partition);
        return new PartitionResult(examples, lossSum, net.parameters().values().clone(), net.batchesTracked(),
                optimizer.state(), optimizer.steps());
    }
}
