package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Optimizer;

import java.time.Duration;
import java.util.Objects;

/**
 * Gets a training run's code compiled while the caller does something else: a daemon thread runs
 * {@link Trainer#fit} on a throwaway network of the run's architecture, over a small synthetic data set of the
 * run's batch size (with a validation part), again and again until stopped, so that the JIT compiles the very
 * code a fit runs (the step loop, batch gathering, the guarded steps, the GEMM micro-kernels, packing and
 * epilogues for the run's shapes, the optimizer, the per-epoch evaluation) before the run's first epoch. The
 * command line starts one while it reads the data set, which takes seconds for a large file: the compiler
 * threads then work beside the parser instead of leaving the first epoch to run half-compiled.
 *
 * <p>It touches nothing of the real run: the network and the optimizer given here are the warm-up's own
 * (build them like the run's, e.g. from the same architecture, and throw them away), and the data is a fixed
 * synthetic pattern, so a run's results have the same bits with or without a warm-up. It stops when
 * {@link #stop()} is called or its time budget has passed, whichever comes first, within one step.
 *
 * <p>Allocates the synthetic data set when started and each fit's buffers. {@link #stop()} may be called from
 * any thread, once or more.
 */
public final class TrainingWarmUp {
    /** Batches per epoch of the synthetic data set: enough that the step loop itself gets hot. */
    private static final int BATCHES = 16;
    /** Epochs per fit: each fit starts with its own set-up, which a run makes once. */
    private static final int EPOCHS = 8;

    private final Thread thread;
    private volatile boolean stopRequested;
    private volatile long steps;
    private volatile RuntimeException failure;

    private TrainingWarmUp(Network throwaway, int batch, Optimizer optimizer, int threads, Duration budget) {
        Dataset train = synthetic(throwaway, batch * BATCHES, 0);
        Dataset validation = synthetic(throwaway, batch * 2, 1);
        long deadline = System.nanoTime() + budget.toNanos();
        TrainingListener stopWhenAsked = new TrainingListener() {
            @Override
            public boolean onIteration(long iteration, int epoch, double loss) {
                steps++;
                return !stopRequested && System.nanoTime() - deadline < 0;
            }
        };
        Trainer trainer = Trainer.builder().epochs(EPOCHS).batchSize(batch).threads(threads).validation(validation)
                .explosionFactor(Double.POSITIVE_INFINITY).listener(stopWhenAsked).build();
        thread = new Thread(() -> run(trainer, throwaway, train, optimizer, deadline), "vecnet-warm-up");
        thread.setDaemon(true);
    }

    /**
     * Starts warming up on a daemon thread named {@code vecnet-warm-up}.
     *
     * @param throwaway a network of the run's architecture that only the warm-up uses (its parameters change)
     * @param batch     the run's batch size, in {@code [1, throwaway.maxBatch()]}
     * @param optimizer an optimizer of the run's kind that only the warm-up uses (its state changes)
     * @param threads   the run's thread count, {@code >= 1}: each warm-up fit runs on a team of its own of that
     *                  size, so the team's code paths are compiled too
     * @param budget    the most time to spend, not negative
     * @return the running warm-up
     * @throws IllegalArgumentException when the batch does not fit the network, the thread count is below 1 or the
     *                                  budget is negative
     */
    public static TrainingWarmUp start(Network throwaway, int batch, Optimizer optimizer, int threads, Duration budget) {
        Objects.requireNonNull(optimizer, "optimizer");
        if (batch < 1 || batch > throwaway.maxBatch()) {
            throw new IllegalArgumentException("batch " + batch + " is not in [1, maxBatch " + throwaway.maxBatch() + "]");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget must not be negative, was " + budget);
        }
        TrainingWarmUp warmUp = new TrainingWarmUp(throwaway, batch, optimizer, threads, budget);
        warmUp.thread.start();
        return warmUp;
    }

    private void run(Trainer trainer, Network net, Dataset train, Optimizer optimizer, long deadline) {
        try {
            while (!stopRequested && System.nanoTime() - deadline < 0) {
                trainer.fit(net, train, optimizer);
            }
        } catch (RuntimeException e) {
            // A throwaway run that diverges or fails has done its job as far as it got; the real run reports its own.
            failure = e;
        }
    }

    /**
     * Asks the warm-up to stop and waits for its thread (at most the rest of the step in progress).
     *
     * @return the number of training steps the warm-up ran
     */
    public long stop() {
        stopRequested = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return steps;
    }

    /**
     * The training steps run so far.
     *
     * @return the number of steps the warm-up has completed; it keeps growing until it stops
     */
    public long steps() {
        return steps;
    }

    /**
     * What ended the warm-up early, if anything did.
     *
     * @return the exception a warm-up step threw (e.g. a throwaway run that diverged), or null
     */
    public RuntimeException failure() {
        return failure;
    }

    /**
     * {@code rows} examples of the network's input width: a fixed spread of values in [-1, 1) (every unit sees
     * both signs), labelled with every class in turn (0 and 1 for a single sigmoid output) or with zero targets.
     */
    private static Dataset synthetic(Network net, int rows, int shift) {
        int features = net.inputSize();
        float[] x = new float[Math.multiplyExact(rows, features)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((((long) (i + shift) * 0x9E3779B9L) >>> 8 & 0xFFFFFF) / (double) (1 << 23) - 1.0);
        }
        int width = net.outputSize();
        if (!net.loss().usesLabels()) {
            return Dataset.ofTargets(x, features, new float[Math.multiplyExact(rows, width)], width);
        }
        int classes = width == 1 ? 2 : width;
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = (i + shift) % classes;
        }
        return Dataset.ofLabels(x, features, labels, classes);
    }
}
