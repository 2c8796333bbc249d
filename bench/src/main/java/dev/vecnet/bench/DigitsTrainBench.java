package dev.vecnet.bench;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Datasets;
import dev.vecnet.data.Preprocessing;
import dev.vecnet.data.Preprocessor;
import dev.vecnet.data.Split;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Adam;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.train.Diagnostics;
import dev.vecnet.train.Evaluator;
import dev.vecnet.train.Trainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Time to train one digits model with the recipe of {@code DigitsEndToEndTest}, on one thread, in
 * milliseconds per model: build the network 64-256(BatchNorm, ReLU)-10 (seed 0), then {@code Trainer.fit}
 * with Adam (lr 3e-3, cosine decay to 0 over all steps), 30 epochs of batch 32 on the 1350 training
 * examples (stratified 75/25 split with seed 42, standardised on the training part), no per-epoch
 * evaluation. Loading, splitting and standardising happen once in setup, which also trains one model
 * and prints its test accuracy (and refuses to run below 97.5 %). With {@code diagnostics=true} the fit also has
 * a {@link Diagnostics} listener (its default sample: 1,024 of the 1,350 rows), built inside the timed model.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class DigitsTrainBench {
    static final int EPOCHS = 30;
    static final int BATCH = 32;
    static final float LEARNING_RATE = 3e-3f;

    /** Whether the fit runs a {@link Diagnostics} listener (default sample). */
    @Param({"false", "true"})
    public boolean diagnostics;

    private Dataset train;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.checkVecnet();
        Split split = Split.stratified(Datasets.digits(), 0.75, 0, 42);
        Preprocessor standardize = Preprocessing.standardize().fit(split.train());
        train = standardize.apply(split.train());
        Dataset test = standardize.apply(split.test());
        Network net = trainOne();
        Evaluator evaluator = new Evaluator(net, test);
        evaluator.evaluate();
        System.out.printf(Locale.ROOT, "[bench] DigitsTrainBench: %s, %d training / %d test examples, test accuracy %.4f%n",
                net.architecture(), train.size(), test.size(), evaluator.accuracy());
        if (!(evaluator.accuracy() >= 0.975)) {
            throw new IllegalStateException("the digits recipe reached only " + evaluator.accuracy());
        }
    }

    @Benchmark
    public Network trainOne() {
        Network net = Network.builder(64).dense(256).batchNorm().relu().dense(10).seed(0).maxBatch(BATCH).build();
        int steps = EPOCHS * ((train.size() + BATCH - 1) / BATCH);
        Trainer.Builder trainer = Trainer.builder().epochs(EPOCHS).batchSize(BATCH)
                .schedule(LearningRateSchedule.cosine(LEARNING_RATE, 0f, steps))
                .evaluateTraining(false).seed(0);
        if (diagnostics) {
            trainer.listener(Diagnostics.builder(net, train).build());
        }
        trainer.build().fit(net, train, new Adam(LEARNING_RATE));
        return net;
    }
}
