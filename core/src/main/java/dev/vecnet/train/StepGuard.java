package dev.vecnet.train;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;
import dev.vecnet.nn.TrainingContext;
import dev.vecnet.optim.Optimizer;

/**
 * One guarded optimizer step on a training context. It keeps a copy of every parameter value of before the
 * step (a snapshot, so BatchNorm running statistics roll back too), runs forward/backward, checks the loss,
 * every gradient and every updated parameter, and tells the network its parameters changed. It throws
 * {@link TrainingDivergedException} when
 * <ul>
 *   <li>the loss, a gradient or an updated parameter is not finite: the weights of before this step are
 *       restored;</li>
 *   <li>the loss explodes while finite, by the {@link DivergenceRule} (the first loss this guard saw and the
 *       loss of a uniform guess set the threshold). The loss is measured at the weights the previous step
 *       produced, so those are the bad ones: the weights of before the previous step, the last whose loss
 *       passed, are restored.</li>
 * </ul>
 *
 * <p>Cost: the snapshot of the trainable tensors, the gradient check and the parameter check are made inside
 * the optimizer's sweep ({@link Optimizer.ChunkWatcher}), chunk by chunk while each chunk is in the cache of
 * the core updating it, so a guarded step reads the parameters, gradients and optimizer state once. The
 * tensors the optimizer does not update (BatchNorm running statistics, which the forward pass changes) are
 * copied before the forward pass and checked after it. A chunk whose gradients are not finite is not
 * updated; the others are, so after a divergence the optimizer's state (moments, step count) includes the
 * failed step, as it also does when the loss explodes; the parameters are always restored.
 *
 * <p>Two snapshot buffers, swapped, so still one copy per step; allocates nothing after construction. Not
 * thread-safe.
 */
final class StepGuard implements Optimizer.ChunkWatcher {
    private final Network net;
    private final TrainingContext context;
    private final DivergenceRule divergence;
    /** Weights of before the current step. */
    private float[] snapshot;
    /** Weights of before the previous step, whose loss passed; valid when {@code steps > 0}. */
    private float[] previous;
    private long steps;
    /** The context's team, which also splits the optimizer step; or null. */
    private final WorkerTeam team;
    /** The tensors the optimizer leaves alone, copied and checked outside its sweep. */
    private final ParameterTensor[] untrained;
    /** The parameter values of the step in progress (read by the watcher's callbacks). */
    private float[] values;
    private float[] gradients;
    /** Per part of the sweep: whether every gradient, and every updated value, it saw was finite. */
    private final boolean[] gradientsFinite;
    private final boolean[] updatesFinite;

    StepGuard(TrainingContext context) {
        this(context, DivergenceRule.DEFAULT_EXPLOSION_FACTOR);
    }

    StepGuard(TrainingContext context, double explosionFactor) {
        this.net = context.network();
        this.context = context;
        this.team = context.team();
        int parts = team == null ? 1 : team.threads();
        this.gradientsFinite = new boolean[parts];
        this.updatesFinite = new boolean[parts];
        this.divergence = new DivergenceRule(explosionFactor, net.outputSize());
        this.snapshot = new float[net.parameters().size()];
        this.previous = new float[snapshot.length];
        this.untrained = net.parameters().tensors().stream().filter(t -> !t.trainable())
                .toArray(ParameterTensor[]::new);
    }

    double step(Optimizer optimizer, float[] x, int batch, int[] labels, float[] targets, int epoch, long iteration) {
        float[] w = net.parameters().values();
        float[] swap = previous;
        previous = snapshot;
        snapshot = swap;
        copyUntrained(w, snapshot);
        double loss = context.forwardBackward(x, 0, batch, labels, targets).loss();
        if (!Double.isFinite(loss)) {
            // Only the untrained tensors changed yet; the snapshot of the trainable ones is taken in the sweep.
            copyUntrained(snapshot, w);
            fail(null, epoch, iteration, loss, "the loss is not finite");
        }
        if (divergence.exploded(loss)) {
            fail(previous, epoch, iteration, loss, divergence.explanation("loss", loss, "the first loss"));
        }
        java.util.Arrays.fill(gradientsFinite, true);
        java.util.Arrays.fill(updatesFinite, true);
        values = w;
        gradients = context.gradients();
        try {
            optimizer.step(net.parameters(), gradients, team, this);
        } finally {
            values = null;
            gradients = null;
        }
        if (!all(gradientsFinite)) {
            fail(snapshot, epoch, iteration, loss, "a gradient is not finite");
        }
        if (!all(updatesFinite) || !untrainedFinite(w)) {
            fail(snapshot, epoch, iteration, loss, "the update made a parameter non-finite");
        }
        net.parametersChanged();
        steps++;
        return loss;
    }

    /**
     * Snapshots the chunk's values and checks its gradients; a chunk with a gradient that is not finite is
     * left alone (the step fails and is rolled back).
     */
    @Override
    public boolean beforeUpdate(int part, int from, int to) {
        System.arraycopy(values, from, snapshot, from, to - from);
        if (!Elementwise.allFinite(to - from, gradients, from)) {
            gradientsFinite[part] = false;
            return false;
        }
        return true;
    }

    /** Checks the chunk's updated values. */
    @Override
    public void afterUpdate(int part, int from, int to) {
        if (!Elementwise.allFinite(to - from, values, from)) {
            updatesFinite[part] = false;
        }
    }

    private void copyUntrained(float[] from, float[] to) {
        for (ParameterTensor t : untrained) {
            System.arraycopy(from, t.offset(), to, t.offset(), t.size());
        }
    }

    private boolean untrainedFinite(float[] w) {
        boolean finite = true;
        for (ParameterTensor t : untrained) {
            finite &= Elementwise.allFinite(t.size(), w, t.offset());
        }
        return finite;
    }

    private static boolean all(boolean[] flags) {
        boolean all = true;
        for (boolean flag : flags) {
            all &= flag;
        }
        return all;
    }

    /** Restores {@code restore} (all of it; null when the parameters are already restored) and throws. */
    private void fail(float[] restore, int epoch, long iteration, double loss, String what) {
        if (restore != null) {
            float[] w = net.parameters().values();
            System.arraycopy(restore, 0, w, 0, w.length);
        }
        net.parametersChanged();
        throw new TrainingDivergedException(epoch, iteration, loss, what);
    }
}
