package dev.vecnet.spark;

import dev.vecnet.format.ModelFile;
import dev.vecnet.format.SaveOptions;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Optimizer;
import dev.vecnet.train.FitSettings;
import dev.vecnet.train.TrainingDivergedException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.feature.LabeledPoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Data-parallel training of a vecnet {@link Network} on a Spark cluster: the same kernels on every executor.
 *
 * <p><b>Data.</b> The input's rows are spread, in input order, over {@link Builder#numReplicas} contiguous
 * replicas whatever the input's partitioning ({@link ReplicaSplit}), converted once into vecnet's row-major
 * buffers and cached where losing an executor does not lose them ({@link DataPlacement}); every row is checked
 * (vector length, finite features, whole labels in range) before any training. Below, "partition {@code p}" is
 * replica {@code p}. Partition {@code p} runs a stream of mini-batches of its own examples, shuffled per epoch with
 * the seed {@code seed + p * 0x9E3779B97F4A7C15}; its network copy is built with the network's seed spread
 * the same way (its dropout masks). Each partition keeps one training context between tasks in its executor,
 * so a step allocates nothing but the result it sends back.
 *
 * <p><b>Modes.</b> {@link SyncMode#EXACT}: per round one step; partition {@code p} contributes
 * {@code ceil(batchSize * n_p / N)} examples, the mean gradients are combined weighted by their example
 * counts (in partition order, so a seed and partitioning give the same result every time) and the optimizer
 * steps: in barrier jobs ({@link Builder#barrierJobs}) on every task, many steps per job ({@link FitRun}), else on
 * the driver, which broadcasts the weights every step. With one partition this is the local {@link dev.vecnet.train.Trainer}
 * bit for bit; with several, it equals the local step on the union of the slices up to float summation order for
 * networks without BatchNorm. BatchNorm normalises each slice with its own batch statistics (as PyTorch's
 * {@code DistributedDataParallel} without {@code SyncBatchNorm}), while the running statistics become those of the
 * whole global batch (pooled mean and unbiased variance). {@link SyncMode#LOCAL_SGD} (the default): per round
 * {@code syncEvery} local steps of
 * {@code batchSize} examples per partition, then the mean of the parameters, of the optimizer state and of
 * the BatchNorm running statistics (in barrier jobs reduced on partition 0's executor). A fit runs {@code epochs * max_p ceil(n_p / b_p)} local steps.
 *
 * <p><b>Schedules, validation, guard.</b> A {@link Builder#schedule} sets every local step's rate as the local
 * trainer does (the rates are computed on the driver); a {@link Builder#validation} set is evaluated on the driver
 * after each round that completes an epoch, with optional {@link Builder#earlyStopping}; after every round a step
 * guard checks the loss, the gradient (exact mode) and the parameters, and throws
 * {@link TrainingDivergedException} with the round's starting weights restored (in exact barrier jobs the tasks
 * check every step and stop the job, and the driver checks the job's rounds in order, {@link FitRun}).
 *
 * <p><b>Faults.</b> A failed task is re-run by Spark and computes the same result (its worker replays its
 * batches when it finds itself past the step asked for); a failed barrier job is run again as a whole
 * ({@link BarrierRounds}). A lost executor loses no data (two cached copies on a
 * cluster, a reliable checkpoint when the context has a checkpoint folder, else the lineage); its partitions'
 * workers are rebuilt elsewhere and replay. The fit's clean-up releases what it created whatever fails, and never
 * replaces the fit's own error ({@link CleanUp}). With a checkpoint folder, the model and optimizer
 * state are written every {@code checkpointEvery} rounds; {@link Builder#resume} continues from the latest,
 * to the same final weights as an uninterrupted fit (docs/spark.md lists what is not covered).
 *
 * <p>Immutable configuration; a fit runs on the driver thread that calls it and modifies the network's
 * parameters in place.
 */
public final class SparkTrainer {
    private final FitSettings settings;
    private final SyncMode sync;
    private final int syncEvery;
    private final String checkpointFolder;
    private final int checkpointEvery;
    private final boolean resume;
    private final RoundListener listener;
    private final TaskHook hook;
    private final int numReplicas;
    private final boolean barrierJobs;

    private SparkTrainer(Builder b, FitSettings settings) {
        this.settings = settings;
        sync = b.sync;
        syncEvery = b.syncEvery;
        checkpointFolder = b.checkpointFolder;
        checkpointEvery = b.checkpointEvery;
        resume = b.resume;
        listener = b.listener;
        hook = b.hook;
        numReplicas = b.numReplicas;
        barrierJobs = b.barrierJobs;
    }

    /**
     * A builder with defaults: 10 epochs, batch 32, seed 0, {@link SyncMode#LOCAL_SGD} every 10 steps, no
     * checkpoints.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains {@code net} on a DataFrame with a vector column of {@code net.inputSize()} features and a numeric
     * label column of whole numbers in {@code [0, net.outputSize())}, spread over {@link Builder#numReplicas}
     * replicas.
     *
     * @param net          the network; its parameters (and BatchNorm statistics) are replaced by the trained ones
     * @param data         the training examples; their order (not their partitioning) decides the replicas
     * @param featuresCol  name of the {@code org.apache.spark.ml.linalg.Vector} column
     * @param labelCol     name of the label column
     * @param optimizer    the optimizer (on the driver in exact mode, on every partition in local SGD)
     * @return the rounds run and their losses
     * @throws IllegalArgumentException  when the data hold no rows (a bad row fails the converting job, whose
     *                                   {@code SparkException} names it)
     * @throws TrainingDivergedException when a round's loss or the parameters become non-finite, or the loss
     *                                   explodes; the network then holds the weights the round started from
     */
    public FitSummary fit(Network net, Dataset<Row> data, String featuresCol, String labelCol, OptimizerSpec optimizer) {
        return fit(net, data, featuresCol, labelCol, optimizer.factory(), optimizer.learningRate());
    }

    /**
     * As {@link #fit(Network, Dataset, String, String, OptimizerSpec)}, with the optimizer from a factory (any
     * optimizer and settings).
     *
     * @param net          the network; its parameters (and BatchNorm statistics) are replaced by the trained ones
     * @param data         the training examples; their order (not their partitioning) decides the replicas
     * @param featuresCol  name of the {@code org.apache.spark.ml.linalg.Vector} column
     * @param labelCol     name of the label column
     * @param optimizer    makes the optimizer (on the driver in exact mode, on every partition in local SGD)
     * @param learningRate the initial learning rate (the schedule's, when there is one)
     * @return the rounds run and their losses
     * @throws TrainingDivergedException as the other {@code fit}
     */
    public FitSummary fit(Network net, Dataset<Row> data, String featuresCol, String labelCol,
                          OptimizerFactory optimizer, float learningRate) {
        return fitRows(net, data.select(featuresCol, labelCol).javaRDD(), optimizer, learningRate);
    }

    /**
     * Trains {@code net} on an RDD of labelled points. As {@link #fit(Network, Dataset, String, String, OptimizerSpec)}.
     *
     * @param net       the network; its parameters are replaced by the trained ones
     * @param data      the training examples, labels whole numbers in {@code [0, net.outputSize())}; their order
     *                  (not their partitioning) decides the replicas
     * @param optimizer the optimizer
     * @return the rounds run and their losses
     */
    public FitSummary fit(Network net, JavaRDD<LabeledPoint> data, OptimizerSpec optimizer) {
        JavaRDD<Row> rows = data.map(point -> RowFactory.create(point.features(), point.label()));
        return fitRows(net, rows, optimizer.factory(), optimizer.learningRate());
    }

    /** The fit on rows of a feature vector and a label, spread over the replicas ({@link ReplicaSplit}). */
    private FitSummary fitRows(Network net, JavaRDD<Row> rows, OptimizerFactory factory, float rate) {
        int replicas = numReplicas > 0 ? numReplicas : rows.context().defaultParallelism();
        return fitBlocks(net, ReplicaSplit.split(rows, replicas, net.inputSize(), net.outputSize()), factory, rate);
    }

    private FitSummary fitBlocks(Network net, JavaRDD<PartitionData> blocks, OptimizerFactory factory, float rate) {
        Objects.requireNonNull(factory, "optimizer");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
        DataPlacement.cache(blocks.rdd());
        Broadcast<RunConfig> config = null;
        Throwable failure = null;
        try {
            List<Integer> sizes = blocks.map(PartitionData::size).collect();
            int[] batches = batchSizes(sizes, settings.batchSize(), sync);
            long stepsPerEpoch = stepsPerEpoch(sizes, settings.batchSize(), sync);
            long stepsPerRound = sync == SyncMode.EXACT ? 1 : syncEvery;

            Optimizer optimizer = factory.create(rate);
            Checkpoints checkpoints = checkpointFolder == null ? null
                    : new Checkpoints(checkpointFolder, jsc.hadoopConfiguration());
            long done = 0;
            if (resume && checkpoints != null) {
                Checkpoints.Restored restored = checkpoints.latest(net, optimizer);
                done = restored == null ? 0 : restored.rounds();
            }
            config = jsc.broadcast(new RunConfig(UUID.randomUUID().toString(),
                    ModelFile.toBytes(net, SaveOptions.defaults()), net.options().seed(), settings.seed(), batches, factory, hook));
            boolean barrier = barrierJobs && BarrierRounds.possible(blocks.context(), sizes.size());
            return new FitRun(net, optimizer, blocks, config, settings, sync, barrier, stepsPerEpoch, stepsPerRound,
                    checkpoints, checkpointEvery, listener, done).run();
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            release(blocks, config, failure);
        }
    }

    /**
     * Releases what a fit created: its executor-side workers (a job over the cached data, which survives a lost
     * executor), its broadcast configuration and its cached data, each attempted whatever the others do; a failure
     * here is added to {@code failure} as suppressed, or thrown when the fit succeeded ({@link CleanUp}).
     */
    private static void release(JavaRDD<PartitionData> blocks, Broadcast<RunConfig> config, Throwable failure) {
        CleanUp cleanUp = new CleanUp();
        if (config != null) {
            String runId = config.value().runId();
            cleanUp.run(() -> blocks.foreachPartition(it -> WorkerCache.remove(runId)));
            cleanUp.run(config::destroy);
        }
        cleanUp.run(() -> DataPlacement.release(blocks.rdd()));
        cleanUp.finish(failure);
    }

    /**
     * Local steps per epoch of a fit on partitions of these sizes: {@code max_p ceil(n_p / b_p)}, with {@code b_p}
     * the partition's share of the global batch in exact mode and {@code batchSize} in local SGD. A fit runs
     * {@code epochs} times as many (what a schedule that needs the run's length, such as cosine, is sized by).
     *
     * @param partitionSizes examples of each partition, in partition order
     * @param batchSize      the batch size of {@link Builder#batchSize}
     * @param sync           the mode
     * @return the steps per epoch, {@code >= 1}
     * @throws IllegalArgumentException when a partition is empty
     */
    public static long stepsPerEpoch(List<Integer> partitionSizes, int batchSize, SyncMode sync) {
        int[] batches = batchSizes(partitionSizes, batchSize, sync);
        long steps = 0;
        for (int p = 0; p < batches.length; p++) {
            int n = partitionSizes.get(p);
            if (n == 0) {
                throw new IllegalArgumentException("partition " + p + " of the training data is empty");
            }
            steps = Math.max(steps, (n + batches[p] - 1) / batches[p]);
        }
        return steps;
    }

    /** Exact mode: each partition's share of the global batch; local SGD: the batch size everywhere. */
    private static int[] batchSizes(List<Integer> sizes, int batchSize, SyncMode sync) {
        long total = 0;
        for (int n : sizes) {
            total += n;
        }
        int[] out = new int[sizes.size()];
        for (int p = 0; p < out.length; p++) {
            out[p] = sync == SyncMode.EXACT
                    ? (int) Math.max(1, (batchSize * (long) sizes.get(p) + total - 1) / Math.max(1, total))
                    : batchSize;
        }
        return out;
    }

    /**
     * Configures a {@link SparkTrainer}: the settings every trainer shares (see {@link FitSettings.Builder}; on a
     * cluster an epoch is a pass over each replica (together, over the whole data), the batch size is the global batch in exact mode and each
     * partition's in local SGD, partition {@code p} shuffles with {@code seed + p * 0x9E3779B97F4A7C15}, the
     * schedule's rates are computed on the driver and sent with each round, the validation set is evaluated on the
     * driver after each round that completes an epoch, and the explosion factor applies to each round's mean loss)
     * and this trainer's own (synchronisation, checkpoints, listener). Not thread-safe.
     */
    public static final class Builder extends FitSettings.Builder<Builder> {
        private SyncMode sync = SyncMode.LOCAL_SGD;
        private int syncEvery = 10;
        private String checkpointFolder;
        private int checkpointEvery = 1;
        private boolean resume;
        private RoundListener listener;
        private TaskHook hook = TaskHook.NONE;
        private int numReplicas;
        private boolean barrierJobs = true;

        private Builder() {
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The synchronisation mode.
         *
         * @param value not null (default {@link SyncMode#LOCAL_SGD})
         * @return this builder
         */
        public Builder sync(SyncMode value) {
            sync = Objects.requireNonNull(value, "sync");
            return this;
        }

        /**
         * Model replicas, the data parallelism: the training rows are spread over this many cached blocks (fewer
         * when there are fewer rows), each trained by one task per round, whatever the input's partitioning
         * ({@code ReplicaSplit}: row {@code i} of {@code N}, in input order, goes to replica
         * {@code floor(((i + 1) R - 1) / N)}).
         *
         * @param value {@code >= 1}, or 0 for the context's default parallelism (the default; the cluster's cores)
         * @return this builder
         * @throws IllegalArgumentException when {@code value < 0}
         */
        public Builder numReplicas(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("replicas must be >= 0 (0: the default parallelism), was " + value);
            }
            numReplicas = value;
            return this;
        }

        /**
         * Local steps per round in {@link SyncMode#LOCAL_SGD} ({@code k}); ignored in exact mode.
         *
         * @param value {@code >= 1} (default 10)
         * @return this builder
         * @throws IllegalArgumentException when {@code value < 1}
         */
        public Builder syncEvery(int value) {
            syncEvery = positive(value, "sync interval");
            return this;
        }

        /**
         * Writes a checkpoint every {@code every} rounds into {@code folder} (any Hadoop file-system URI).
         *
         * @param folder the folder, created when missing; null for no checkpoints
         * @param every  rounds between checkpoints, {@code >= 1}
         * @return this builder
         * @throws IllegalArgumentException when {@code every < 1}
         */
        public Builder checkpoints(String folder, int every) {
            checkpointFolder = folder;
            checkpointEvery = positive(every, "checkpoint interval");
            return this;
        }

        /**
         * Whether a fit starts from the latest checkpoint in the checkpoint folder, when there is one. The
         * network, data, partitioning and settings must be those of the fit that wrote it.
         *
         * @param value true to resume (default false)
         * @return this builder
         */
        public Builder resume(boolean value) {
            resume = value;
            return this;
        }

        /**
         * A listener told after every round, which may stop the fit.
         *
         * @param value the listener, or null for none
         * @return this builder
         */
        public Builder listener(RoundListener value) {
            listener = value;
            return this;
        }

        /**
         * Whether rounds run as Spark barrier jobs whose tasks exchange their results over TCP connections of their
         * own (docs/spark.md, "Barrier jobs"): in exact mode many steps per job, in local SGD the round's average
         * reduced on an executor. Used only when the cluster has a task slot for every replica and dynamic
         * allocation is off; otherwise, or when false, one job per round with every result collected on the driver.
         * Both give the same weights, bit for bit.
         *
         * @param value true (the default) to use barrier jobs where possible; false when the executors cannot reach
         *              each other
         * @return this builder
         */
        public Builder barrierJobs(boolean value) {
            barrierJobs = value;
            return this;
        }

        Builder hook(TaskHook value) {
            hook = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The trainer.
         *
         * @return a new trainer with these settings
         * @throws IllegalStateException when early stopping is set without a validation set
         */
        public SparkTrainer build() {
            return new SparkTrainer(this, settings());
        }

        private static int positive(int value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be >= 1, was " + value);
            }
            return value;
        }
    }
}
