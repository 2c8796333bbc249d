package dev.vecnet.bench.spark;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.TrainingContext;
import dev.vecnet.optim.Adam;
import dev.vecnet.spark.FitSummary;
import dev.vecnet.spark.OptimizerSpec;
import dev.vecnet.spark.SparkTrainer;
import dev.vecnet.spark.SyncMode;
import dev.vecnet.train.Evaluator;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The figures of docs/spark.md, printed, not asserted (they depend on the machine and its load): each line
 * starts with {@code MEASURE} and ends with the system load average. Run with {@code bench/spark/run [NAME ...]}
 * (bench/README.md, "bench/spark"); without a name it lists the measurements. Settings are system properties:
 * {@code vecnet.spark.measure.conf} (Spark settings {@code key=value,key=value} on top of Spark's defaults),
 * {@code vecnet.spark.measure.k}, {@code vecnet.spark.measure.n}, {@code vecnet.spark.measure.mlpIterations}.
 *
 * <p>Until December 2026 these were gated JUnit methods of the spark module's test tree, run with
 * {@code -Dtest=SparkMeasurements -Dvecnet.spark.measure=true}; the code is the same.
 */
public final class SparkMeasurements {
    private SparkMeasurements() {
    }

    /** Every measurement by name, in the order docs/spark.md cites them. */
    private static Map<String, Runnable> measurements() {
        Map<String, Runnable> all = new LinkedHashMap<>();
        all.put("localSgdThroughputOnOneAndTwoThreads", SparkMeasurements::localSgdThroughputOnOneAndTwoThreads);
        all.put("localSgdAccuracyAgainstK", SparkMeasurements::localSgdAccuracyAgainstK);
        all.put("localSgdRoundCost", SparkMeasurements::localSgdRoundCost);
        all.put("twoThreadCeilingWithoutSpark", () -> {
            try {
                twoThreadCeilingWithoutSpark();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        all.put("exactModeCostPerStep", SparkMeasurements::exactModeCostPerStep);
        all.put("exactModeCostPerStepWide", SparkMeasurements::exactModeCostPerStepWide);
        all.put("allGatherCost", SparkMeasurements::allGatherCost);
        all.put("againstMultilayerPerceptronClassifier", SparkMeasurements::againstMultilayerPerceptronClassifier);
        all.put("digitsAgainstMultilayerPerceptronClassifier",
                SparkMeasurements::digitsAgainstMultilayerPerceptronClassifier);
        return all;
    }

    /**
     * Runs the measurements named in {@code args} in order ({@code all} for every one); with no argument, lists them.
     *
     * @param args measurement names, or {@code all}
     */
    public static void main(String[] args) {
        Map<String, Runnable> all = measurements();
        if (args.length == 0) {
            System.out.println("usage: bench/spark/run [-Dvecnet.spark.measure.KEY=VALUE ...] NAME ... | all");
            System.out.println("measurements:");
            all.keySet().forEach(name -> System.out.println("  " + name));
            return;
        }
        List<String> names = List.of(args).contains("all") ? List.copyOf(all.keySet()) : List.of(args);
        for (String name : names) {
            if (!all.containsKey(name)) {
                System.err.println("SparkMeasurements: no measurement " + name + "; one of " + all.keySet());
                System.exit(2);
            }
        }
        for (String name : names) {
            System.out.println("== " + name);
            all.get(name).run();
        }
    }

    /**
     * A session on {@code master}, with the settings of {@code -Dvecnet.spark.measure.conf=key=value,key=value} (for
     * example {@code spark.task.maxDirectResultSize=64m}) on top of Spark's defaults.
     */
    private static SparkSession session(String master) {
        SparkSession.Builder builder = SparkSession.builder().master(master).appName("vecnet-spark-measurements")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1");
        String conf = System.getProperty("vecnet.spark.measure.conf", "");
        for (String setting : conf.split(",")) {
            if (!setting.isBlank()) {
                String[] kv = setting.split("=", 2);
                builder.config(kv[0].strip(), kv[1].strip());
            }
        }
        return builder.getOrCreate();
    }

    private static void print(String format, Object... args) {
        System.out.printf(Locale.ROOT, "MEASURE " + format + " (load %.2f)%n", append(args,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = last;
        return out;
    }

    /**
     * A 10-class set labelled by a random teacher network 100-32(tanh)-10 on standard normal features: not
     * linearly separable, learnable by both learners.
     */
    static MeasureData teacherSet(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int f = 100;
        int h = 32;
        int c = 10;
        float[] w1 = new float[h * f];
        float[] w2 = new float[c * h];
        SplittableRandom teacher = new SplittableRandom(1234);
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (float) ((teacher.nextDouble() * 2 - 1) * Math.sqrt(3.0 / f));
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = (float) ((teacher.nextDouble() * 2 - 1) * Math.sqrt(3.0 / h));
        }
        float[] x = new float[n * f];
        int[] y = new int[n];
        float[] hidden = new float[h];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
            }
            for (int k = 0; k < h; k++) {
                double s = 0;
                for (int j = 0; j < f; j++) {
                    s += w1[k * f + j] * x[i * f + j];
                }
                hidden[k] = (float) Math.tanh(s);
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                double s = 0;
                for (int j = 0; j < h; j++) {
                    s += w2[k * h + j] * hidden[j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = k;
                }
            }
            y[i] = best;
        }
        return new MeasureData(x, y, f);
    }

    static void localSgdThroughputOnOneAndTwoThreads() {
        MeasureData data = teacherSet(20_000, 1);
        int[] ks = java.util.Arrays.stream(System.getProperty("vecnet.spark.measure.k", "100,400").split(","))
                .mapToInt(Integer::parseInt).toArray();
        for (String master : new String[] {"local[1]", "local[2]", "local[1]", "local[2]"}) {
            SparkSession spark = session(master);
            try {
                org.apache.spark.sql.Dataset<Row> frame = data.frame(spark, 2).cache();
                frame.count();
                for (int k : ks) {
                    Network net = Network.builder(100).dense(256).relu().dense(256).relu().dense(10).seed(1).build();
                    // Timed from the end of the first round, which also converts and caches the partitions.
                    long[] first = {0};
                    long[] end = {0};
                    FitSummary summary = SparkTrainer.builder().epochs(16).batchSize(64).syncEvery(k)
                            .listener((round, loss) -> {
                                end[0] = System.nanoTime();
                                if (round == 1) {
                                    first[0] = end[0];
                                }
                                return true;
                            }).build()
                            .fit(net, frame, "features", "label", new OptimizerSpec("adam", 1e-3f));
                    double seconds = (end[0] - first[0]) / 1e9;
                    long stepsAfterFirst = 16L * ((10_000 + 63) / 64) - k;
                    long examples = stepsAfterFirst * 64 * 2;
                    print("local-sgd %s k=%d%s: %d rounds, %.2f s after the first, %.0f examples/s", master, k,
                            System.getProperty("vecnet.spark.measure.conf", "").isEmpty() ? ""
                                    : " " + System.getProperty("vecnet.spark.measure.conf"),
                            summary.roundsDone(), seconds, examples / seconds);
                }
            } finally {
                spark.stop();
            }
        }
    }

    /**
     * Accuracy against {@code k} (whole fits, the caching job included): the digits recipe of {@code SparkTrainerTest} (stratified 75/25 split with seed 42,
     * standardised, 64-256(BatchNorm, ReLU)-10, Adam 1e-3, batch 32, 30 epochs) on {@code local[2]}, 2 partitions,
     * local SGD with k = 1 to 400 local steps per round (an epoch is 22 steps of each partition); then the
     * generated 20,000 x 100 set (100-64(tanh)-10, Adam 3e-3, batch 128, 10 epochs of 79 steps, 10,000 test rows).
     */
    static void localSgdAccuracyAgainstK() {
        Dataset[] digits = MeasureData.digitsSplit();
        Dataset train = digits[0];
        Dataset test = digits[1];
        MeasureData frameData = new MeasureData(train.features(), train.labels(), 64);
        SparkSession spark = session("local[2]");
        try {
            org.apache.spark.sql.Dataset<Row> frame = frameData.frame(spark, 2).cache();
            frame.count();
            for (int k : new int[] {1, 10, 30, 100, 400}) {
                Network net = Network.builder(64).dense(256).batchNorm().relu().dense(10).seed(0).build();
                long start = System.nanoTime();
                FitSummary summary = SparkTrainer.builder().epochs(30).batchSize(32).syncEvery(k).build()
                        .fit(net, frame, "features", "label", new OptimizerSpec("adam", 1e-3f));
                double seconds = (System.nanoTime() - start) / 1e9;
                Evaluator evaluator = new Evaluator(net, test);
                evaluator.evaluate();
                print("digits local-sgd k=%d: %d rounds, test accuracy %.2f %%, %.2f s, %.0f examples/s", k,
                        summary.roundsDone(), 100 * evaluator.accuracy(), seconds, 30.0 * train.size() / seconds);
            }
            // The generated set: harder, so that drift between the partitions' models can show.
            MeasureData teacherTrain = teacherSet(20_000, 3);
            Dataset teacherTest = teacherSet(10_000, 4).dataset(10);
            org.apache.spark.sql.Dataset<Row> teacherFrame = teacherTrain.frame(spark, 2).cache();
            teacherFrame.count();
            for (int k : new int[] {1, 10, 30, 100, 400}) {
                Network net = Network.builder(100).dense(64).tanh().dense(10).seed(1).build();
                long start = System.nanoTime();
                FitSummary summary = SparkTrainer.builder().epochs(10).batchSize(128).syncEvery(k).build()
                        .fit(net, teacherFrame, "features", "label", new OptimizerSpec("adam", 3e-3f));
                double seconds = (System.nanoTime() - start) / 1e9;
                Evaluator evaluator = new Evaluator(net, teacherTest);
                evaluator.evaluate();
                print("generated 20,000 x 100 local-sgd k=%d: %d rounds, test accuracy %.2f %%, %.2f s, %.0f examples/s",
                        k, summary.roundsDone(), 100 * evaluator.accuracy(), seconds, 10.0 * 20_000 / seconds);
            }
        } finally {
            spark.stop();
        }
    }

    /**
     * Where a local-SGD round's fixed cost goes, on {@code local[2]} with 2 partitions of the 20,000-row set and the
     * 94,218-parameter network: an empty Spark job, and a round of one local step (so nearly all of it is the
     * round's fixed cost: the job, the broadcast of parameters and Adam's moments, the tasks' results, the driver's
     * average), with Spark's defaults and with the settings that spare the per-round copies.
     */
    static void localSgdRoundCost() {
        MeasureData data = teacherSet(20_000, 1);
        for (boolean tuned : new boolean[] {false, true}) {
            SparkSession.Builder builder = SparkSession.builder().master("local[2]").appName("vecnet-spark-round-cost")
                    .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1");
            if (tuned) {
                builder.config("spark.task.maxDirectResultSize", "64m").config("spark.broadcast.compress", "false");
            }
            SparkSession spark = builder.getOrCreate();
            try {
                org.apache.spark.api.java.JavaSparkContext jsc =
                        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
                org.apache.spark.api.java.JavaRDD<Integer> two = jsc.parallelize(java.util.List.of(1, 2), 2).cache();
                two.count();
                for (int i = 0; i < 50; i++) {
                    two.count();
                }
                long start = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    two.count();
                }
                double emptyJob = (System.nanoTime() - start) / 1e6 / 100;
                // The same empty job with a plain function object, which Spark's closure cleaner does not inspect.
                scala.reflect.ClassTag<Integer> tag = scala.reflect.ClassTag$.MODULE$.apply(Integer.class);
                for (int i = 0; i < 50; i++) {
                    spark.sparkContext().runJob(two.rdd(), new PartitionSize(), tag);
                }
                start = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    spark.sparkContext().runJob(two.rdd(), new PartitionSize(), tag);
                }
                double plainJob = (System.nanoTime() - start) / 1e6 / 100;
                org.apache.spark.sql.Dataset<Row> frame = data.frame(spark, 2).cache();
                frame.count();
                Network net = Network.builder(100).dense(256).relu().dense(256).relu().dense(10).seed(1).build();
                long[] last = {0};
                double[] total = {0};
                long[] counted = {0};
                SparkTrainer.builder().epochs(2).batchSize(64).syncEvery(1).listener((round, loss) -> {
                    long now = System.nanoTime();
                    if (round > 50) {
                        total[0] += (now - last[0]) / 1e6;
                        counted[0]++;
                    }
                    last[0] = now;
                    return round < 250;
                }).build().fit(net, frame, "features", "label", new OptimizerSpec("adam", 1e-3f));
                print("local[2] %s: empty job %.2f ms (count) and %.2f ms (runJob of a plain function), local-sgd round of "
                                + "1 step (Adam, %d params) %.2f ms",
                        tuned ? "maxDirectResultSize 64m, broadcast uncompressed" : "Spark's defaults", emptyJob, plainJob,
                        net.parameters().size(), total[0] / counted[0]);
            } finally {
                spark.stop();
            }
        }
    }

    /** A task that counts its partition's rows: a function object, not a closure. */
    private static final class PartitionSize extends scala.runtime.AbstractFunction2<org.apache.spark.TaskContext,
            scala.collection.Iterator<Integer>, Integer> implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer apply(org.apache.spark.TaskContext context, scala.collection.Iterator<Integer> rows) {
            return rows.size();
        }
    }

    /**
     * The ceiling of any data-parallel speed-up on this machine, without Spark: the local steps of the throughput
     * measurement's network (batch 64, Adam) on two threads at once, each with its own network, context and data
     * half, against the same steps one half after the other on one thread.
     */
    static void twoThreadCeilingWithoutSpark() throws InterruptedException {
        MeasureData data = teacherSet(20_000, 1);
        Dataset d = data.dataset(10);
        int steps = 600;
        for (int repeat = 0; repeat < 3; repeat++) {
            long start = System.nanoTime();
            localSteps(d, 0, steps);
            localSteps(d, 1, steps);
            double serial = (System.nanoTime() - start) / 1e9;
            Thread other = new Thread(() -> localSteps(d, 1, steps));
            start = System.nanoTime();
            other.start();
            localSteps(d, 0, steps);
            other.join();
            double parallel = (System.nanoTime() - start) / 1e9;
            print("two threads of %d local steps each, no Spark: %.2f s one after the other, %.2f s at once: %.2fx",
                    steps, serial, parallel, serial / parallel);
        }
    }

    /** {@code steps} Adam steps of batch 64 of a fresh 100-256-256-10 network on half {@code half} of {@code d}. */
    private static void localSteps(Dataset d, int half, int steps) {
        Network net = Network.builder(100).dense(256).relu().dense(256).relu().dense(10).seed(1).build();
        TrainingContext ctx = net.newTrainingContext(64, false);
        Adam adam = new Adam(1e-3f);
        int rows = d.size() / 2;
        int batches = rows / 64;
        for (int s = 0; s < steps; s++) {
            int from = half * rows + (s % batches) * 64;
            ctx.forwardBackward(d.features(), from * 100, 64, java.util.Arrays.copyOfRange(d.labels(), from, from + 64),
                    null);
            adam.step(net.parameters(), ctx.gradients());
            net.parametersChanged();
        }
    }

    static void exactModeCostPerStep() {
        MeasureData data = teacherSet(20_000, 2);
        SparkSession spark = session("local[2]");
        try {
            org.apache.spark.sql.Dataset<Row> frame = data.frame(spark, 2).cache();
            frame.count();
            for (int repeat = 0; repeat < 2; repeat++) {
                Network net = Network.builder(100).dense(256).relu().dense(256).relu().dense(10).seed(1).build();
                long[] last = {System.nanoTime()};
                double[] total = {0};
                long[] counted = {0};
                SparkTrainer.builder().sync(SyncMode.EXACT).epochs(1).batchSize(128).listener((round, loss) -> {
                    long now = System.nanoTime();
                    if (round > 20) {
                        total[0] += (now - last[0]) / 1e6;
                        counted[0]++;
                    }
                    last[0] = now;
                    return round < 220;
                }).build().fit(net, frame, "features", "label", new OptimizerSpec("adam", 1e-3f));
                print("exact local[2], 2 partitions, batch 128, %d params: %.2f ms per step", net.parameters().size(),
                        total[0] / counted[0]);
            }
        } finally {
            spark.stop();
        }
        Network net = Network.builder(100).dense(256).relu().dense(256).relu().dense(10).seed(1).build();
        TrainingContext ctx = net.newTrainingContext(128, false);
        Adam adam = new Adam(1e-3f);
        Dataset d = data.dataset(10);
        for (int repeat = 0; repeat < 2; repeat++) {
            long start = System.nanoTime();
            for (int s = 0; s < 200; s++) {
                ctx.forwardBackward(d.features(), (s % 150) * 128 * 100, 128, java.util.Arrays.copyOfRange(d.labels(),
                        (s % 150) * 128, (s % 150) * 128 + 128), null);
                adam.step(net.parameters(), ctx.gradients());
                net.parametersChanged();
            }
            print("local step, batch 128, one thread: %.3f ms", (System.nanoTime() - start) / 1e6 / 200);
        }
    }

    /**
     * Exact mode on a wider network, 784-256-128-10 (235,146 parameters; the MNIST shape) on {@code local[2]} with 2
     * partitions, global batch 128, Adam: milliseconds per step over epochs 2 to 5 of a fit of 5 epochs of 64 steps
     * (8,192 rows of standard normal features labelled by a random linear map), timed from the first epoch's end,
     * as the listener's epoch calls see it (a fit that runs many steps per Spark job tells its rounds in bursts);
     * then the local step of the same network and batch on one thread.
     */
    static void exactModeCostPerStepWide() {
        int rows = 8192;
        int features = 784;
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[rows * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        float[] map = new float[10 * features];
        for (int i = 0; i < map.length; i++) {
            map[i] = (float) (r.nextDouble() * 2 - 1);
        }
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 10; c++) {
                double s = 0;
                for (int j = 0; j < features; j++) {
                    s += map[c * features + j] * x[i * features + j];
                }
                if (s > best) {
                    best = s;
                    y[i] = c;
                }
            }
        }
        MeasureData data = new MeasureData(x, y, features);
        int epochs = 5;
        long stepsPerEpoch = rows / 128;
        SparkSession spark = session("local[2]");
        try {
            org.apache.spark.sql.Dataset<Row> frame = data.frame(spark, 2).cache();
            frame.count();
            for (int repeat = 0; repeat < 3; repeat++) {
                Network net = Network.builder(features).dense(256).relu().dense(128).relu().dense(10).seed(1).build();
                long[] firstEpochEnd = {0};
                long[] end = {0};
                SparkTrainer.builder().sync(SyncMode.EXACT).numReplicas(2).epochs(epochs).batchSize(128)
                        .listener(new dev.vecnet.spark.RoundListener() {
                            @Override
                            public boolean onRound(long roundsDone, double meanLoss) {
                                return true;
                            }

                            @Override
                            public boolean onEpoch(int epoch, double validationLoss, double validationAccuracy) {
                                end[0] = System.nanoTime();
                                if (epoch == 0) {
                                    firstEpochEnd[0] = end[0];
                                }
                                return true;
                            }
                        }).build().fit(net, frame, "features", "label", new OptimizerSpec("adam", 1e-3f));
                print("exact local[2], 2 partitions, batch 128, 784-256-128-10 (%d params)%s: %.2f ms per step",
                        net.parameters().size(), System.getProperty("vecnet.spark.measure.conf", "").isEmpty() ? ""
                                : " " + System.getProperty("vecnet.spark.measure.conf"),
                        (end[0] - firstEpochEnd[0]) / 1e6 / ((epochs - 1) * stepsPerEpoch));
            }
        } finally {
            spark.stop();
        }
        Network net = Network.builder(features).dense(256).relu().dense(128).relu().dense(10).seed(1).build();
        TrainingContext ctx = net.newTrainingContext(128, false);
        Adam adam = new Adam(1e-3f);
        Dataset d = data.dataset(10);
        for (int repeat = 0; repeat < 3; repeat++) {
            long start = System.nanoTime();
            for (int s = 0; s < 400; s++) {
                int from = (int) (s % stepsPerEpoch) * 128;
                ctx.forwardBackward(d.features(), from * features, 128,
                        java.util.Arrays.copyOfRange(d.labels(), from, from + 128), null);
                adam.step(net.parameters(), ctx.gradients());
                net.parametersChanged();
            }
            print("local step, 784-256-128-10, batch 128, one thread: %.3f ms", (System.nanoTime() - start) / 1e6 / 400);
        }
    }

    /**
     * What exchanging a gradient of 784-256-128-10 (235,146 floats, 940 KB) through Spark's own barrier messages would
     * cost per step, the alternative to the fit's TCP links: a barrier job of 2 tasks on {@code local[2]} in which each
     * task encodes its array as Base64 of its little-endian bytes, calls {@code BarrierTaskContext.allGather} and
     * decodes both messages, 20 times untimed and then 100 times timed.
     */
    static void allGatherCost() {
        SparkSession spark = session("local[2]");
        try {
            org.apache.spark.api.java.JavaRDD<Integer> two = new org.apache.spark.api.java.JavaSparkContext(
                    spark.sparkContext()).parallelize(java.util.List.of(0, 1), 2);
            for (int repeat = 0; repeat < 3; repeat++) {
                java.util.List<Double> perExchange = org.apache.spark.api.java.JavaRDD.fromRDD(two.rdd().barrier()
                        .mapPartitions(new GatherTimes(), false, scala.reflect.ClassTag$.MODULE$.apply(Double.class)),
                        scala.reflect.ClassTag$.MODULE$.apply(Double.class)).collect();
                print("allGather of a 940 KB gradient as Base64, 2 tasks of local[2]: %.2f and %.2f ms per exchange",
                        perExchange.get(0), perExchange.get(1));
            }
        } finally {
            spark.stop();
        }
    }

    /** {@link #allGatherCost}'s task: milliseconds per exchange, as its partition's only element. */
    private static final class GatherTimes extends scala.runtime.AbstractFunction1<scala.collection.Iterator<Integer>,
            scala.collection.Iterator<Double>> implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public scala.collection.Iterator<Double> apply(scala.collection.Iterator<Integer> rows) {
            org.apache.spark.BarrierTaskContext context = org.apache.spark.BarrierTaskContext.get();
            float[] gradient = new float[235_146];
            java.util.Arrays.fill(gradient, 0.001f * (context.partitionId() + 1));
            long start = 0;
            for (int i = 0; i < 120; i++) {
                if (i == 20) {
                    start = System.nanoTime();
                }
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * gradient.length)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(gradient);
                String[] all = context.allGather(java.util.Base64.getEncoder().encodeToString(bytes.array()));
                for (String message : all) {
                    java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(message))
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(gradient);
                }
            }
            return scala.collection.Iterator$.MODULE$.single((System.nanoTime() - start) / 1e6 / 100);
        }
    }

    static void againstMultilayerPerceptronClassifier() {
        int n = Integer.getInteger("vecnet.spark.measure.n", 100_000);
        // tanh like the teacher: a ReLU student of this width levels off near 79 % (measured locally).
        compareWithMlp("generated " + n + " x 100", teacherSet(n, 3), teacherSet(10_000, 4), 64, 60, 128, 100, 3e-3f);
    }

    /** The same on digits: 1,347 training and 450 test rows of the stratified, standardised 75/25 split. */
    static void digitsAgainstMultilayerPerceptronClassifier() {
        Dataset[] digits = MeasureData.digitsSplit();
        compareWithMlp("digits", new MeasureData(digits[0].features(), digits[0].labels(), 64),
                new MeasureData(digits[1].features(), digits[1].labels(), 64), 64, 200, 32,
                Integer.getInteger("vecnet.spark.measure.k", 30), 3e-3f);
    }

    /**
     * MLlib's {@code MultilayerPerceptronClassifier} (one sigmoid hidden layer of {@code hidden} units, L-BFGS,
     * {@code -Dvecnet.spark.measure.mlpIterations} iterations, 100 by default) against vecnet's local SGD (the same
     * widths with tanh, Adam at {@code rate}, 2 partitions of {@code local[2]}), stopped at the round whose test
     * accuracy first reaches the MLP's; training time without the per-round test evaluation.
     */
    private static void compareWithMlp(String name, MeasureData train, MeasureData test, int hidden, int epochs, int batch,
                                       int k, float rate) {
        int features = train.featureCount;
        Dataset testSet = test.dataset(10);
        SparkSession spark = session("local[2]");
        try {
            org.apache.spark.sql.Dataset<Row> frame = train.frame(spark, 2).cache();
            frame.count();
            org.apache.spark.sql.Dataset<Row> testFrame = test.frame(spark, 2).cache();
            testFrame.count();
            MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
            int iterations = Integer.getInteger("vecnet.spark.measure.mlpIterations", 100);
            long start = System.nanoTime();
            MultilayerPerceptronClassificationModel mlp = new MultilayerPerceptronClassifier()
                    .setLayers(new int[] {features, hidden, 10}).setMaxIter(iterations).setBlockSize(128).setSeed(1)
                    .fit(frame);
            double mlpSeconds = (System.nanoTime() - start) / 1e9;
            double mlpAccuracy = accuracy.evaluate(mlp.transform(testFrame));
            print("%s: MultilayerPerceptronClassifier %d-%d-10, %d iterations: %.2f s, test accuracy %.4f", name,
                    features, hidden, iterations, mlpSeconds, mlpAccuracy);

            Network net = Network.builder(features).dense(hidden).tanh().dense(10).seed(1).build();
            Evaluator evaluator = new Evaluator(net, testSet);
            double[] trainingSeconds = {0};
            double[] reached = {0};
            long[] roundStart = {System.nanoTime()};
            FitSummary summary = SparkTrainer.builder().epochs(epochs).batchSize(batch).syncEvery(k).listener((round, loss) -> {
                trainingSeconds[0] += (System.nanoTime() - roundStart[0]) / 1e9;
                evaluator.evaluate();
                reached[0] = evaluator.accuracy();
                roundStart[0] = System.nanoTime();
                return reached[0] < mlpAccuracy;
            }).build().fit(net, frame, "features", "label", new OptimizerSpec("adam", rate));
            print("%s: vecnet local-sgd %d-%d(tanh)-10, k=%d, batch %d, 2 partitions: test accuracy %.4f after %d of %d "
                    + "rounds, %.2f s of training (%s)", name, features, hidden, k, batch, reached[0],
                    summary.roundsDone(), summary.totalRounds(), trainingSeconds[0], reached[0] >= mlpAccuracy
                            ? String.format(Locale.ROOT, "%.1fx faster to the same accuracy", mlpSeconds / trainingSeconds[0])
                            : "the MLP's accuracy not reached");
        } finally {
            spark.stop();
        }
    }
}
