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
 * <p>Confined to one thread at a time: Spark runs at most one task of a partition at once.
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
        nextBatch();
        TrainingContext.Step s = context.forwardBackward(batches.x(), 0, batches.count(), batches.labels(), null);
        float[] out = context.gradients().clone();
        float[] w = net.parameters().values();
        for (ParameterTensor t : net.parameters().tensors()) {
            if (!t.trainable()) {
                System.arraycopy(w, t.offset(), out, t.offset(), t.size());
            }
        }
        config.hook().afterWork(step, partition);
        return new PartitionResult(s.batch(), s.loss() * s.batch(), out, net.batchesTracked(), Map.of(), 0);
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
        Optimizer optimizer = config.optimizer().create(input.learningRate());
        if (!input.optimizerState().isEmpty() || optimizer.stateNames().isEmpty()) {
            optimizer.restoreState(net.parameters(), input.optimizerState(), input.optimizerSteps());
        }
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
