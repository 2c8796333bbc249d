package dev.vecnet.train;

import dev.vecnet.kernel.Elementwise;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.TrainingContext;
import dev.vecnet.optim.Optimizer;

/**
 * One guarded optimizer step on a training context: copies all parameter values into a preallocated
 * snapshot, runs forward/backward, checks the loss and every gradient of the context, steps the optimizer
 * on them, tells the network its parameters changed, checks every parameter; on a non-finite value it
 * restores the snapshot (so BatchNorm running statistics roll back too) and throws
 * {@link TrainingDivergedException}. Three passes over the flat arrays besides the step; allocates
 * nothing. Not thread-safe.
 */
final class StepGuard {
    private final Network net;
    private final TrainingContext context;
    private final float[] snapshot;

    StepGuard(TrainingContext context) {
        this.net = context.network();
        this.context = context;
        this.snapshot = new float[net.parameters().size()];
    }

    double step(Optimizer optimizer, float[] x, int batch, int[] labels, float[] targets, int epoch, long iteration) {
        float[] w = net.parameters().values();
        System.arraycopy(w, 0, snapshot, 0, w.length);
        double loss = context.forwardBackward(x, 0, batch, labels, targets).loss();
        if (!Double.isFinite(loss)) {
            fail(epoch, iteration, loss, "the loss is not finite");
        }
        float[] g = context.gradients();
        if (!Elementwise.allFinite(g.length, g, 0)) {
            fail(epoch, iteration, loss, "a gradient is not finite");
        }
        optimizer.step(net.parameters(), g);
        net.parametersChanged();
        if (!Elementwise.allFinite(w.length, w, 0)) {
            fail(epoch, iteration, loss, "the update made a parameter non-finite");
        }
        return loss;
    }

    private void fail(int epoch, long iteration, double loss, String what) {
        float[] w = net.parameters().values();
        System.arraycopy(snapshot, 0, w, 0, w.length);
        net.parametersChanged();
        throw new TrainingDivergedException(epoch, iteration, loss, what);
    }
}
