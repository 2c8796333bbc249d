package dev.vecnet.search;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Random search, grid search and coarse-to-fine search over a {@link SearchSpace}, running each
 * {@link Trial} on a bounded pool of threads (default: the number of available processors).
 *
 * <p>Reproducibility: configurations are drawn in order on the calling thread from a {@code Random}
 * seeded with the search's seed, and trial {@code i} gets the seed {@link #trialSeed(long, int)}, so the same
 * seed gives the same configurations and, for deterministic trials, the same results whatever the thread
 * count (unless the time budget cuts the search short).
 *
 * <p>Budgets: at most {@link #maxTrials} trials in all; trials not started when the {@link #timeBudget}
 * has passed are not run (and are left out of the results); running trials are not interrupted.
 * Failures: an exception or a non-finite metric makes a failed {@link TrialResult}, never an exception
 * of the search. Instances are immutable settings; a search call blocks until its trials end.
 */
public final class HyperparameterSearch {
    private final Trial trial;
    private final boolean maximize;
    private final int threads;
    private final long seed;
    private final int maxTrials;
    private final Duration timeBudget;

    private HyperparameterSearch(Trial trial, boolean maximize, int threads, long seed, int maxTrials,
            Duration timeBudget) {
        this.trial = trial;
        this.maximize = maximize;
        this.threads = threads;
        this.seed = seed;
        this.maxTrials = maxTrials;
        this.timeBudget = timeBudget;
    }

    /**
     * A search maximising the trial's metric (e.g. validation accuracy), seed 0, no budgets.
     *
     * @param trial the function to evaluate per configuration; called concurrently from the pool's threads
     * @return a search whose best trial has the largest metric
     */
    public static HyperparameterSearch maximizing(Trial trial) {
        return new HyperparameterSearch(trial, true, Runtime.getRuntime().availableProcessors(), 0,
                Integer.MAX_VALUE, null);
    }

    /**
     * A search minimising the trial's metric (e.g. validation loss).
     *
     * @param trial the function to evaluate per configuration; called concurrently from the pool's threads
     * @return a search whose best trial has the smallest metric
     */
    public static HyperparameterSearch minimizing(Trial trial) {
        return new HyperparameterSearch(trial, false, Runtime.getRuntime().availableProcessors(), 0,
                Integer.MAX_VALUE, null);
    }

    /**
     * A copy running at most {@code count} trials at once.
     *
     * @param count the pool size, {@code >= 1}
     * @return a new search; this one is unchanged
     */
    public HyperparameterSearch threads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + count);
        }
        return new HyperparameterSearch(trial, maximize, count, seed, maxTrials, timeBudget);
    }

    /**
     * A copy with this seed for sampling and for the trials' seeds.
     *
     * @param value the seed
     * @return a new search; this one is unchanged
     */
    public HyperparameterSearch seed(long value) {
        return new HyperparameterSearch(trial, maximize, threads, value, maxTrials, timeBudget);
    }

    /**
     * A copy that runs at most {@code count} trials per search call (coarse-to-fine: in all rounds).
     *
     * @param count the trial budget, {@code >= 1}
     * @return a new search; this one is unchanged
     */
    public HyperparameterSearch maxTrials(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("maxTrials must be >= 1, was " + count);
        }
        return new HyperparameterSearch(trial, maximize, threads, seed, count, timeBudget);
    }

    /**
     * A copy that starts no trial once {@code budget} has passed since the search call began.
     *
     * @param budget the time after which no trial starts; null for none
     * @return a new search; this one is unchanged
     */
    public HyperparameterSearch timeBudget(Duration budget) {
        return new HyperparameterSearch(trial, maximize, threads, seed, maxTrials, budget);
    }

    /**
     * The seed trial {@code index} of a search seeded with {@code seed} receives (a SplitMix64 hash).
     *
     * @param seed the search's seed
     * @param index the trial's index, from 0
     * @return the trial's seed
     */
    public static long trialSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Runs {@code trials} configurations sampled at random from {@code space}.
     *
     * @param space the space to search
     * @param trials the number of configurations to sample, cut to the trial budget
     * @return every trial run, best first, failed last
     */
    public SearchResults random(SearchSpace space, int trials) {
        Random random = new Random(seed);
        List<Configuration> configurations = new ArrayList<>();
        for (int i = 0; i < Math.min(trials, maxTrials); i++) {
            configurations.add(space.sample(random));
        }
        return results(space, run(configurations, 0, deadline()));
    }

    /**
     * Runs every configuration of {@link SearchSpace#grid(int)} (up to the trial budget).
     *
     * @param space the space to search
     * @param pointsPerDimension values per range dimension, {@code >= 1}
     * @return every trial run, best first, failed last
     */
    public SearchResults grid(SearchSpace space, int pointsPerDimension) {
        List<Configuration> all = space.grid(pointsPerDimension);
        return results(space, run(all.subList(0, Math.min(all.size(), maxTrials)), 0, deadline()));
    }

    /**
     * Coarse-to-fine random search: {@code rounds} rounds of {@code trialsPerRound} random trials; after
     * each round the space is narrowed ({@link SearchSpace#narrow}, margin 0.5) around the {@code keep}
     * best successful trials so far. Returns the trials of all rounds together.
     *
     * @param space the space to search
     * @param rounds the number of rounds, {@code >= 1}
     * @param trialsPerRound random trials per round, {@code >= 1}
     * @param keep how many of the best successful trials so far each narrowing keeps, {@code >= 1}
     * @return every trial run, best first, failed last
     */
    public SearchResults coarseToFine(SearchSpace space, int rounds, int trialsPerRound, int keep) {
        if (rounds < 1 || trialsPerRound < 1 || keep < 1) {
            throw new IllegalArgumentException("rounds, trialsPerRound and keep must be >= 1");
        }
        long deadline = deadline();
        Random random = new Random(seed);
        List<TrialResult> all = new ArrayList<>();
        SearchSpace current = space;
        for (int round = 0; round < rounds && all.size() < maxTrials; round++) {
            List<Configuration> configurations = new ArrayList<>();
            for (int i = 0; i < trialsPerRound && all.size() + i < maxTrials; i++) {
                configurations.add(current.sample(random));
            }
            all.addAll(run(configurations, all.size(), deadline));
            List<Configuration> best = results(space, all).succeeded().stream().limit(keep)
                    .map(TrialResult::configuration).toList();
            if (!best.isEmpty()) {
                current = current.narrow(best, 0.5);
            }
        }
        return results(space, all);
    }

    private SearchResults results(SearchSpace space, List<TrialResult> trials) {
        return new SearchResults(trials, space.dimensions().stream().map(Hyperparameter::name).toList(), maximize);
    }

    private long deadline() {
        return timeBudget == null ? Long.MAX_VALUE : System.nanoTime() + timeBudget.toNanos();
    }

    private List<TrialResult> run(List<Configuration> configurations, int firstIndex, long deadline) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, configurations.size())),
                new DaemonThreads());
        try {
            List<Future<TrialResult>> futures = new ArrayList<>();
            for (int i = 0; i < configurations.size(); i++) {
                int index = firstIndex + i;
                Configuration configuration = configurations.get(i);
                futures.add(pool.submit(() -> System.nanoTime() > deadline ? null : runOne(index, configuration)));
            }
            List<TrialResult> done = new ArrayList<>();
            for (Future<TrialResult> future : futures) {
                TrialResult result = future.get();
                if (result != null) {
                    done.add(result);
                }
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("search interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("search machinery failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private TrialResult runOne(int index, Configuration configuration) {
        return TrialResult.run(index, configuration, trialSeed(seed, index), trial);
    }

    /** Daemon worker threads, so a forgotten search never keeps the JVM alive. */
    private static final class DaemonThreads implements ThreadFactory {
        private static final AtomicInteger COUNT = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "vecnet-search-" + COUNT.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
