package dev.vecnet.spark;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.Network;
import dev.vecnet.train.EarlyStopping;
import dev.vecnet.train.Evaluator;
import dev.vecnet.train.History;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@link SparkTrainer} fit does on the driver when a round completes an epoch: evaluates the validation
 * set (if any), tells the listener, and applies early stopping as the local trainer does (stop when the monitored
 * value has not strictly improved for {@code patience} epochs; with {@code restoreBest}, give the network back
 * the best epoch's parameters at the end).
 *
 * <p>Keeps the epochs it was told with their validation loss and accuracy, for the fit's {@link History}
 * ({@link #history}).
 *
 * <p>One per fit, on the driver thread. Allocates its evaluator and, with {@code restoreBest}, one parameter copy
 * up front.
 */
final class EpochWatch {
    private final Network net;
    private final Evaluator validation;
    private final EarlyStopping stopping;
    private final RoundListener listener;
    private final float[] best;
    private long[] bestTracked;
    private double bestValue;
    private int bestEpoch = -1;
    private int epochsDone;
    /** The epochs told in this call, with their validation loss and accuracy. */
    private final List<Integer> toldEpochs = new ArrayList<>();
    private final List<Double> validationLoss = new ArrayList<>();
    private final List<Double> validationAccuracy = new ArrayList<>();

    /**
     * @param epochsDone epochs already completed (a resumed fit's)
     */
    EpochWatch(Network net, Dataset validation, EarlyStopping stopping, RoundListener listener, int epochsDone) {
        this.net = net;
        this.validation = validation == null ? null : new Evaluator(net, validation);
        this.stopping = stopping;
        this.listener = listener;
        this.best = stopping != null && stopping.restoreBest() ? new float[net.parameters().size()] : null;
        this.bestValue = stopping == null || stopping.monitor() == EarlyStopping.Monitor.VALIDATION_LOSS
                ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        this.epochsDone = epochsDone;
    }

    /**
     * After a round, with the epochs completed so far.
     *
     * @return false when the listener or early stopping ends the fit
     */
    boolean afterRound(int epochs) {
        if (epochs <= epochsDone) {
            return true;
        }
        epochsDone = epochs;
        int epoch = epochs - 1;
        double loss = Double.NaN;
        double accuracy = Double.NaN;
        if (validation != null) {
            validation.evaluate();
            loss = validation.loss();
            accuracy = validation.accuracy();
        }
        toldEpochs.add(epoch);
        validationLoss.add(loss);
        validationAccuracy.add(accuracy);
        boolean go = listener == null || listener.onEpoch(epoch, loss, accuracy);
        if (stopping != null) {
            boolean byLoss = stopping.monitor() == EarlyStopping.Monitor.VALIDATION_LOSS;
            double value = byLoss ? loss : accuracy;
            if (byLoss ? value < bestValue : value > bestValue) {
                bestValue = value;
                bestEpoch = epoch;
                if (best != null) {
                    System.arraycopy(net.parameters().values(), 0, best, 0, best.length);
                    bestTracked = net.batchesTracked();
                }
            } else if (epoch - bestEpoch >= stopping.patience()) {
                go = false;
            }
        }
        return go;
    }

    /**
     * At the end of the fit: restores the best parameters when asked to.
     *
     * @return the epoch restored, or -1
     */
    int finish() {
        if (best == null || bestEpoch < 0) {
            return -1;
        }
        System.arraycopy(best, 0, net.parameters().values(), 0, best.length);
        net.setBatchesTracked(bestTracked);
        net.parametersChanged();
        return bestEpoch;
    }

    /**
     * The fit's curves as a {@link History}, for {@link dev.vecnet.train.TrainingCurves#read}: the rounds of this
     * call as its iterations and the epochs told in this call as its epochs (a round longer than an epoch tells only
     * the last it completes), with their validation loss and accuracy; the training loss and accuracy are NaN (the
     * driver does not evaluate the training set), so the curve reading takes each epoch's mean round loss instead.
     *
     * @param roundLosses the losses of this call's rounds, in order
     * @param bestEpoch   the epoch {@link #finish} restored, or -1
     */
    History history(List<Double> roundLosses, int bestEpoch) {
        int n = toldEpochs.size();
        double[] unmeasured = new double[n];
        Arrays.fill(unmeasured, Double.NaN);
        return History.of(FitSummary.floats(roundLosses), unmeasured, unmeasured, validationLoss.stream().mapToDouble(Double::doubleValue).toArray(),
                validationAccuracy.stream().mapToDouble(Double::doubleValue).toArray(), toldEpochs.indexOf(bestEpoch));
    }
}
