package dev.vecnet.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a fit's round losses into one training loss per epoch (the mean of the losses of the rounds that start in
 * it; a round longer than an epoch counts for the epoch it starts in) and stops the fit at convergence, with the
 * first round after an epoch whose loss differs from the previous epoch's by less than {@code tol} times the previous one
 * ({@code tol = 0} never stops). Used by {@link VecnetClassifier} for its {@code tol} param and its summary's
 * objective history. One per fit, on the driver thread; not thread-safe.
 */
final class EpochLosses implements RoundListener {
    private final double tol;
    private final List<Double> losses = new ArrayList<>();
    private long stepsPerEpoch = 1;
    private long stepsPerRound = 1;
    private long roundsSeen;
    private int epoch;
    private double sum;
    private int rounds;

    EpochLosses(double tol) {
        this.tol = tol;
    }

    @Override
    public void onStart(long totalRounds, long stepsPerEpoch, long stepsPerRound) {
        this.stepsPerEpoch = stepsPerEpoch;
        this.stepsPerRound = stepsPerRound;
    }

    @Override
    public boolean onRound(long roundsDone, double meanLoss) {
        int roundEpoch = (int) (roundsSeen++ * stepsPerRound / stepsPerEpoch);
        boolean go = true;
        if (roundEpoch != epoch && rounds > 0) {
            go = close();
        }
        epoch = roundEpoch;
        sum += meanLoss;
        rounds++;
        return go;
    }

    /** Ends the epoch being summed; false when it converged. */
    private boolean close() {
        double loss = sum / rounds;
        losses.add(loss);
        sum = 0;
        rounds = 0;
        int n = losses.size();
        return !(n >= 2 && Math.abs(losses.get(n - 2) - loss) < tol * Math.abs(losses.get(n - 2)));
    }

    /**
     * The training loss of every epoch run, in order (the last one closed here).
     *
     * @return a new array
     */
    double[] losses() {
        if (rounds > 0) {
            close();
        }
        return losses.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
