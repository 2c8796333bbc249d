package dev.vecnet.train;

import java.util.Arrays;

/**
 * What a {@link Trainer} recorded: the batch loss of every iteration, and per epoch the training and
 * validation loss and accuracy (NaN where not measured: accuracy for target losses, validation without a
 * validation set). Sized once for the planned epochs; recording allocates nothing. Not thread-safe.
 */
public final class History {
    private final float[] iterationLoss;
    private final double[] trainLoss;
    private final double[] trainAccuracy;
    private final double[] validationLoss;
    private final double[] validationAccuracy;
    private int iterations;
    private int epochs;
    private int bestEpoch = -1;

    History(int maxEpochs, int iterationsPerEpoch) {
        iterationLoss = new float[Math.multiplyExact(maxEpochs, iterationsPerEpoch)];
        trainLoss = new double[maxEpochs];
        trainAccuracy = new double[maxEpochs];
        validationLoss = new double[maxEpochs];
        validationAccuracy = new double[maxEpochs];
    }

    void recordIteration(double loss) {
        iterationLoss[iterations++] = (float) loss;
    }

    void recordEpoch(double tl, double ta, double vl, double va) {
        trainLoss[epochs] = tl;
        trainAccuracy[epochs] = ta;
        validationLoss[epochs] = vl;
        validationAccuracy[epochs] = va;
        epochs++;
    }

    void setBestEpoch(int epoch) {
        bestEpoch = epoch;
    }

    /**
     * Batch loss of every iteration so far (a copy).
     *
     * @return a new array of {@link #iterations()} losses, each the training-mode loss (data loss plus L2) of
     *         one step's batch, stored as float
     */
    public float[] iterationLosses() {
        return Arrays.copyOf(iterationLoss, iterations);
    }

    /**
     * Number of iterations recorded.
     *
     * @return the optimizer steps taken so far in this fit
     */
    public int iterations() {
        return iterations;
    }

    /**
     * Number of epochs completed.
     *
     * @return the length of the per-epoch arrays, at most the trainer's planned epochs
     */
    public int epochs() {
        return epochs;
    }

    /**
     * Training loss (evaluation mode, whole training set) per epoch (a copy).
     *
     * @return a new array of {@link #epochs()} losses (data loss plus L2); NaN entries when the trainer does
     *         not evaluate the training set
     */
    public double[] trainLoss() {
        return Arrays.copyOf(trainLoss, epochs);
    }

    /**
     * Training accuracy per epoch (a copy; NaN for target losses).
     *
     * @return a new array of {@link #epochs()} accuracies in [0, 1]; NaN entries for target losses or when
     *         the trainer does not evaluate the training set
     */
    public double[] trainAccuracy() {
        return Arrays.copyOf(trainAccuracy, epochs);
    }

    /**
     * Validation loss per epoch (a copy; NaN without validation data).
     *
     * @return a new array of {@link #epochs()} losses (data loss plus L2, evaluation mode)
     */
    public double[] validationLoss() {
        return Arrays.copyOf(validationLoss, epochs);
    }

    /**
     * Validation accuracy per epoch (a copy; NaN without validation data or for target losses).
     *
     * @return a new array of {@link #epochs()} accuracies in [0, 1]
     */
    public double[] validationAccuracy() {
        return Arrays.copyOf(validationAccuracy, epochs);
    }

    /**
     * The epoch whose weights early stopping restored, or -1.
     *
     * @return the 0-based best epoch when early stopping with {@code restoreBest} restored it, else -1
     */
    public int bestEpoch() {
        return bestEpoch;
    }
}
