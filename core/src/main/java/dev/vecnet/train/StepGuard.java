package dev.vecnet.train;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.kernel.GemmThreads;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.TrainingContext;
import dev.vecnet.optim.Optimizer;

/**
 * One guarded optimizer step on a training context. Before each step it copies all parameter values into
 * a preallocated snapshot (so BatchNorm running statistics roll back too), runs forward/backward, checks the
 * loss and every gradient, steps the optimizer, tells the network its parameters changed and checks every
 * parameter. It throws {@link TrainingDivergedException} when
 * <ul>
 *   <li>the loss, a gradient or an updated parameter is not finite: the weights of before this step are
 *       restored;</li>
 *   <li>the loss explodes while finite: it exceeds {@code factor * max(L0, ln C)}, where {@code L0} is the
 *       first loss this guard saw and {@code C} the network's output size ({@code ln C} is the softmax loss
 *       of a uniform guess, so a fit that starts from a well-trained network is not held to its tiny first
 *       loss). The loss is measured at the weights the previous step produced, so those are the bad ones:
 *       the weights of before the previous step, the last whose loss passed, are restored.</li>
 * </ul>
 * A factor of {@code +Infinity} turns the explosion check off. Two snapshot buffers, swapped, so still one
 * copy per step; allocates nothing after construction. Not thread-safe.
 */
final class StepGuard {
    /** Default explosion factor: a loss above 100 times the reference loss ends the fit. */
    static final double DEFAULT_EXPLOSION_FACTOR = 100;

    private final Network net;
    private final TrainingContext context;
    private final double explosionFactor;
    private final double lnClasses;
    /** Weights of before the current step. */
    private float[] snapshot;
    /** Weights of before the previous step, whose loss passed; valid when {@code steps > 0}. */
    private float[] previous;
    private long steps;
    private double threshold = Double.POSITIVE_INFINITY;
    /** The context's team, which also splits the snapshot, the checks and the optimizer step; or null. */
    private final GemmThreads team;
    /** The array a split pass reads, and each part's verdict. */
    private float[] checked;
    private final boolean[] partFinite;
    private final GemmThreads.Range copyToSnapshot = (part, from, to) ->
            System.arraycopy(checked, from, snapshot, from, to - from);
    private final GemmThreads.Range checkFinite = this::checkPart;

    StepGuard(TrainingContext context) {
        this(context, DEFAULT_EXPLOSION_FACTOR);
    }

    StepGuard(TrainingContext context, double explosionFactor) {
        this.net = context.network();
        this.context = context;
        this.team = context.team();
        this.partFinite = new boolean[team == null ? 1 : team.threads()];
        this.explosionFactor = explosionFactor;
        this.lnClasses = Math.log(Math.max(1, net.outputSize()));
        this.snapshot = new float[net.parameters().size()];
        this.previous = new float[snapshot.length];
    }

    double step(Optimizer optimizer, float[] x, int batch, int[] labels, float[] targets, int epoch, long iteration) {
        float[] w = net.parameters().values();
        float[] swap = previous;
        previous = snapshot;
        snapshot = swap;
        checked = w;
        split(copyToSnapshot);
        double loss = context.forwardBackward(x, 0, batch, labels, targets).loss();
        if (!Double.isFinite(loss)) {
            fail(snapshot, epoch, iteration, loss, "the loss is not finite");
        }
        if (steps == 0) {
            double reference = Math.max(loss, lnClasses);
            threshold = reference > 0 ? explosionFactor * reference : Double.POSITIVE_INFINITY;
        } else if (loss > threshold) {
            fail(previous, epoch, iteration, loss, String.format(java.util.Locale.ROOT,
                    "the loss %.3g exceeds %.0f times the reference loss %.3g (the larger of the first loss and ln %d)",
                    loss, explosionFactor, threshold / explosionFactor, net.outputSize()));
        }
        float[] g = context.gradients();
        if (!allFinite(g)) {
            fail(snapshot, epoch, iteration, loss, "a gradient is not finite");
        }
        optimizer.step(net.parameters(), g, team);
        net.parametersChanged();
        if (!allFinite(w)) {
            fail(snapshot, epoch, iteration, loss, "the update made a parameter non-finite");
        }
        steps++;
        return loss;
    }

    /** Whether every value of {@code values} (a parameter-sized array) is finite, checked in parts. */
    private boolean allFinite(float[] values) {
        java.util.Arrays.fill(partFinite, true);
        checked = values;
        split(checkFinite);
        checked = null;
        boolean finite = true;
        for (boolean part : partFinite) {
            finite &= part;
        }
        return finite;
    }

    private void checkPart(int part, int from, int to) {
        partFinite[part] = Elementwise.allFinite(to - from, checked, from);
    }

    /** {@code task} over the parameter indices, on the team when there is one and the array is long. */
    private void split(GemmThreads.Range task) {
        int n = snapshot.length;
        if (team == null || n < 2 * SPLIT_GRAIN) {
            task.run(0, 0, n);
        } else {
            team.forEachRange(n, 16, SPLIT_GRAIN, task);
        }
    }

    /** The fewest parameters worth a part of their own in the snapshot copy and the checks. */
    private static final int SPLIT_GRAIN = 16384;

    private void fail(float[] restore, int epoch, long iteration, double loss, String what) {
        float[] w = net.parameters().values();
        System.arraycopy(restore, 0, w, 0, w.length);
        net.parametersChanged();
        throw new TrainingDivergedException(epoch, iteration, loss, what);
    }
}
