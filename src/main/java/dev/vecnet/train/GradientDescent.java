package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;
import dev.vecnet.optim.Optimizer;

/**
 * Full-batch gradient descent: every step uses all examples (which must fit the network's maxBatch) and
 * stops when the parameters moved less than {@code goal} in one step, {@code sum |W - W_old| < goal}
 * over the trainable parameters, or after {@code maxIterations} steps. Steps are guarded like the
 * {@link Trainer}'s. Allocates a parameter copy per {@link #run}; the steps allocate nothing. Not
 * thread-safe.
 */
public final class GradientDescent {
    private final Optimizer optimizer;
    private final double goal;
    private final int maxIterations;

    /**
     * @param goal          stop when the L1 change of one step is below this, > 0
     * @param maxIterations iteration cap, >= 1
     */
    public GradientDescent(Optimizer optimizer, double goal, int maxIterations) {
        this.optimizer = java.util.Objects.requireNonNull(optimizer, "optimizer");
        if (!(goal > 0) || maxIterations < 1) {
            throw new IllegalArgumentException("need goal > 0 and maxIterations >= 1, were " + goal + ", " + maxIterations);
        }
        this.goal = goal;
        this.maxIterations = maxIterations;
    }

    /** The outcome of a run: iterations taken, whether the goal was met, the last loss and change. */
    public record Result(int iterations, boolean converged, double loss, double change) {
    }

    /** Runs until the goal or the cap. Modifies the network's parameters and the optimizer's state. */
    public Result run(Network net, Dataset data) {
        if (data.size() > net.maxBatch()) {
            throw new IllegalArgumentException(data.size() + " examples exceed the network's maxBatch " + net.maxBatch());
        }
        float[] w = net.parameters().values();
        float[] old = new float[w.length];
        StepGuard guard = new StepGuard(net.newTrainingContext(data.size(), false));
        double loss = Double.NaN;
        double change = Double.NaN;
        for (int it = 0; it < maxIterations; it++) {
            System.arraycopy(w, 0, old, 0, w.length);
            loss = guard.step(optimizer, data.features(), data.size(), data.labels(), data.targets(), 0, it);
            change = 0;
            for (ParameterTensor t : net.parameters().tensors()) {
                if (t.trainable()) {
                    for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                        change += Math.abs(w[i] - old[i]);
                    }
                }
            }
            if (change < goal) {
                return new Result(it + 1, true, loss, change);
            }
        }
        return new Result(maxIterations, false, loss, change);
    }
}
