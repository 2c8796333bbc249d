package dev.vecnet.train;

import dev.vecnet.nn.Network;
import dev.vecnet.nn.TrainingContext;
import dev.vecnet.optim.Optimizer;

import java.time.Duration;
import java.util.Objects;

/**
 * Gets a training run's code compiled while the caller does something else: a daemon thread trains a
 * throwaway network of the run's architecture on a fixed synthetic batch of the run's batch size (forward,
 * loss, backward, optimizer step; every eighth step an evaluation pass), so that the JIT compiles the GEMM
 * micro-kernels, packing, epilogues and elementwise kernels for the run's shapes before its first epoch.
 * The command line starts one while it reads the data set, which takes seconds for a large file: the
 * compiler threads then work beside the parser instead of leaving the first epoch to run half-compiled.
 *
 * <p>It touches nothing of the real run: the network, its context and the optimizer given here are the
 * warm-up's own (build them like the run's, e.g. from the same architecture, and throw them away), and the
 * inputs are a fixed pattern, so a run's results have the same bits with or without a warm-up. It stops
 * when {@link #stop()} is called or its time budget has passed, whichever comes first.
 *
 * <p>Allocates the throwaway context's buffers and one synthetic batch when started. {@link #stop()} may be
 * called from any thread, once or more.
 */
public final class TrainingWarmUp {
    /** Every how many steps an evaluation pass runs (the per-epoch evaluation's code path). */
    private static final int EVALUATION_EVERY = 8;

    private final Thread thread;
    private volatile boolean stopRequested;
    private volatile long steps;
    private volatile RuntimeException failure;

    private TrainingWarmUp(Network throwaway, int batch, Optimizer optimizer, Duration budget) {
        TrainingContext context = throwaway.newTrainingContext(batch, false);
        float[] x = pattern(batch * throwaway.inputSize());
        int width = throwaway.outputSize();
        int[] labels = null;
        float[] targets = null;
        if (throwaway.loss().usesLabels()) {
            labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                // Every class (0 and 1 for a single sigmoid output), so the loss's branches all run.
                labels[i] = i % (width == 1 ? 2 : width);
            }
        } else {
            targets = new float[batch * width];
        }
        long deadline = System.nanoTime() + budget.toNanos();
        int[] y = labels;
        float[] t = targets;
        thread = new Thread(() -> run(throwaway, context, optimizer, x, batch, y, t, deadline), "vecnet-warm-up");
        thread.setDaemon(true);
    }

    /**
     * Starts warming up on a daemon thread named {@code vecnet-warm-up}.
     *
     * @param throwaway a network of the run's architecture that only the warm-up uses (its parameters change)
     * @param batch     the run's batch size, in {@code [1, throwaway.maxBatch()]}
     * @param optimizer an optimizer of the run's kind that only the warm-up uses (its state changes)
     * @param budget    the most time to spend, not negative
     * @return the running warm-up
     * @throws IllegalArgumentException when the batch does not fit the network or the budget is negative
     */
    public static TrainingWarmUp start(Network throwaway, int batch, Optimizer optimizer, Duration budget) {
        Objects.requireNonNull(optimizer, "optimizer");
        if (batch < 1 || batch > throwaway.maxBatch()) {
            throw new IllegalArgumentException("batch " + batch + " is not in [1, maxBatch " + throwaway.maxBatch() + "]");
        }
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget must not be negative, was " + budget);
        }
        TrainingWarmUp warmUp = new TrainingWarmUp(throwaway, batch, optimizer, budget);
        warmUp.thread.start();
        return warmUp;
    }

    private void run(Network net, TrainingContext context, Optimizer optimizer, float[] x, int batch, int[] labels,
                     float[] targets, long deadline) {
        try {
            long n = 0;
            while (!stopRequested && System.nanoTime() - deadline < 0) {
                context.forwardBackward(x, 0, batch, labels, targets);
                optimizer.step(net.parameters(), context.gradients());
                net.parametersChanged();
                if (++n % EVALUATION_EVERY == 0) {
                    context.evaluate(x, 0, batch, labels, targets);
                }
                steps = n;
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

    /** A fixed spread of values in [-1, 1), so every unit sees both signs. */
    private static float[] pattern(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((((long) i * 0x9E3779B9L) >>> 8 & 0xFFFFFF) / (double) (1 << 23) - 1.0);
        }
        return x;
    }
}
