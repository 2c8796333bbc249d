package dev.vecnet.bench;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Datasets;
import dev.vecnet.data.Preprocessing;
import dev.vecnet.data.Preprocessor;
import dev.vecnet.data.Split;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Momentum;
import dev.vecnet.search.Configuration;
import dev.vecnet.search.HyperparameterSearch;
import dev.vecnet.search.SearchResults;
import dev.vecnet.search.SearchSpace;
import dev.vecnet.train.Evaluator;
import dev.vecnet.train.Trainer;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.util.concurrent.TimeUnit;

/**
 * How a random hyperparameter search scales with its thread pool: one operation is a whole
 * {@link HyperparameterSearch#random} of {@link #TRIALS} trials on {@code threads} pool threads (the JMH
 * thread only waits). Each trial builds its own 64-128(ReLU)-10 network, trains it for three epochs on the
 * standardised digits training split (1347 examples, batch 32, SGD momentum 0.9, learning rate and L2
 * drawn log-uniformly) and returns the validation accuracy; trials share only the read-only data.
 *
 * <p>The {@code :trials} secondary result is trials per second. Scaling means anything only with at least
 * {@code threads} otherwise idle cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Threads(1)
public class SearchBench {
    /** Trials per search: a multiple of every thread count measured, so no pool thread idles at the end. */
    static final int TRIALS = 8;

    @Param({"1", "2"})
    public int threads;

    private Dataset train;
    private Dataset validation;
    private SearchSpace space;

    /** Trials done, as a JMH auxiliary counter (reported per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class TrialCount {
        public long trials;

        @Setup(Level.Iteration)
        public void reset() {
            trials = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.checkVecnet();
        Split split = Split.stratified(Datasets.digits(), 0.75, 0.25, 5);
        Preprocessor standardize = Preprocessing.standardize().fit(split.train());
        train = standardize.apply(split.train());
        validation = standardize.apply(split.validation());
        space = SearchSpace.empty().logUniform("lr", 1e-3, 1e-1).logUniform("l2", 1e-6, 1e-2);
    }

    @Benchmark
    public SearchResults randomSearch(TrialCount count) {
        SearchResults results = HyperparameterSearch.maximizing(this::trainAndValidate).seed(3).threads(threads)
                .random(space, TRIALS);
        count.trials += results.trials().size();
        return results;
    }

    private double trainAndValidate(Configuration config, long seed) {
        Network net = Network.builder(64).dense(128).relu().dense(10).loss(Loss.softmaxCrossEntropy())
                .l2((float) config.getDouble("l2")).maxBatch(32).seed(seed).build();
        Trainer.builder().epochs(3).batchSize(32).seed(seed).evaluateTraining(false)
                .build()
                .fit(net, train, new Momentum((float) config.getDouble("lr"), 0.9f));
        Evaluator evaluator = new Evaluator(net, validation);
        evaluator.evaluate();
        return evaluator.accuracy();
    }
}
