package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;
import dev.vecnet.optim.Optimizer;

/**
 * Full-batch gradient descent: every step uses all examples (which must fit the network's maxBatch) and
 * stops when the parameters moved less than {@code goal} in one step, {@code sum |W - W_old| < goal}
 * over the trainable parameters, or after {@code maxIterations} steps. Steps are guarded like the
 * {@link Trainer}'s. Allocates per {@link #run} a training context for all examples and two parameter
 * copies (the previous step's values and the guard's snapshot); the steps allocate nothing. Not
 * thread-safe.
 */
public final class GradientDescent {
    private final Optimizer optimizer;
    private final double goal;
    private final int maxIterations;

    /**
     * A descent with this optimizer, goal and cap; allocates nothing until {@link #run}.
     *
     * @param optimizer     the optimizer of every step, not null; its state carries across runs
     * @param goal          stop when the L1 change of one step is below this, > 0
     * @param maxIterations iteration cap, >= 1
     * @throws NullPointerException     when {@code optimizer} is null
     * @throws IllegalArgumentException when {@code goal} is not {@code > 0} or {@code maxIterations < 1}
     */
    public GradientDescent(Optimizer optimizer, double goal, int maxIterations) {
        this.optimizer = java.util.Objects.requireNonNull(optimizer, "optimizer");
        if (!(goal > 0) || maxIterations < 1) {
            throw new IllegalArgumentException("need goal > 0 and maxIterations >= 1, were " + goal + ", " + maxIterations);
        }
        this.goal = goal;
        this.maxIterations = maxIterations;
    }

    /**
     * The outcome of a run: iterations taken, whether the goal was met, the last loss and change.
     *
     * @param iterations the steps taken, in {@code [1, maxIterations]}
     * @param converged  whether the last step's change was below the goal
     * @param loss       the loss of the last step (data loss plus L2, training mode, parameters before that
     *                   step's update)
     * @param change     the last step's L1 change {@code sum |W - W_old|} over the trainable parameters
     */
    public record Result(int iterations, boolean converged, double loss, double change) {
    }

    /**
     * Runs until the goal or the cap. Modifies the network's parameters and the optimizer's state.
     *
     * @param net  the network to train; {@code data.size()} must not exceed its {@link Network#maxBatch()}
     * @param data all examples, used as one batch; not modified
     * @return the number of steps, whether the goal was met and the last step's loss and change
     * @throws IllegalArgumentException  when the data set is larger than the network's maximum batch, or
     *                                   (from the first step) its feature array is too short for the
     *                                   network's input or holds a non-finite value with input checks on
     * @throws TrainingDivergedException on a non-finite loss, gradient or parameter (the parameters of
     *                                   before that step are restored)
     */
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
