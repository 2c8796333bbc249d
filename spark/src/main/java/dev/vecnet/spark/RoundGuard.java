package dev.vecnet.spark;

import dev.vecnet.nn.Network;
import dev.vecnet.train.DivergenceRule;
import dev.vecnet.train.TrainingDivergedException;

/**
 * The driver's step guard of a {@link SparkTrainer} fit, the distributed form of the local trainer's: after each
 * round it checks the round's mean loss (finite, and not exploded by the local trainer's {@link DivergenceRule},
 * whose first loss is the first round's), in exact mode the combined gradient, and the
 * parameters after the update. On a failure it puts back the parameters and batch counts the round started from
 * and throws {@link TrainingDivergedException} naming the epoch and step. In local SGD a non-finite local step
 * shows in the round's loss and averaged parameters, so the round is the unit named.
 *
 * <p>One per fit, on the driver thread; allocates nothing per check.
 */
final class RoundGuard {
    private final Network net;
    private final DivergenceRule divergence;

    RoundGuard(Network net, double explosionFactor) {
        this.net = net;
        this.divergence = new DivergenceRule(explosionFactor, net.outputSize());
    }

    /** The round's mean loss: finite, and (after the first round) not exploded. */
    void checkLoss(RoundInput start, double loss, int epoch, long from, long to, SyncMode sync) {
        String problem = lossProblem(loss, from, to, sync);
        if (problem != null) {
            fail(start, epoch, from, loss, problem);
        }
    }

    /**
     * What is wrong with the round's mean loss, without throwing: the same rule as {@link #checkLoss}, and like it
     * the first call fixes the explosion threshold.
     *
     * @return null when the loss passes, else the failure's explanation
     */
    String lossProblem(double loss, long from, long to, SyncMode sync) {
        if (!Double.isFinite(loss)) {
            return "the " + what(from, to, sync) + " is not finite";
        }
        if (divergence.exploded(loss)) {
            return divergence.explanation(what(from, to, sync), loss, "the first round's loss");
        }
        return null;
    }

    /** Exact mode: the combined gradient is finite. */
    void checkGradient(RoundInput start, float[] gradient, double loss, int epoch, long step) {
        if (!finite(gradient)) {
            fail(start, epoch, step, loss, GRADIENT);
        }
    }

    /** After the update: every parameter (running statistics included) is finite. */
    void checkParameters(RoundInput start, double loss, int epoch, long from, long to, SyncMode sync) {
        if (!finite(net.parameters().values())) {
            fail(start, epoch, from, loss, sync == SyncMode.EXACT ? PARAMETERS
                    : "the averaged parameters of local steps " + (from + 1) + " to " + to + " are not finite");
        }
    }

    /** Why an exact step failed its gradient check. */
    static final String GRADIENT = "a gradient is not finite";
    /** Why an exact step failed its parameter check. */
    static final String PARAMETERS = "the update made a parameter non-finite";

    /**
     * Whether every value is finite.
     *
     * @param values read only
     * @return false when one is infinite or NaN
     */
    static boolean finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static String what(long from, long to, SyncMode sync) {
        return sync == SyncMode.EXACT || to - from == 1 ? "loss"
                : "mean loss of local steps " + (from + 1) + " to " + to;
    }

    /**
     * Puts back the parameters and batch counts of {@code start} and throws.
     *
     * @throws TrainingDivergedException always
     */
    void fail(RoundInput start, int epoch, long step, double loss, String what) {
        System.arraycopy(start.parameters(), 0, net.parameters().values(), 0, start.parameters().length);
        net.setBatchesTracked(start.batchesTracked());
        net.parametersChanged();
        throw new TrainingDivergedException(epoch, step, loss, what);
    }
}
