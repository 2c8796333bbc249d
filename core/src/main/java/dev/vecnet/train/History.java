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
    /** Per epoch: the iterations recorded when it ended (its last iteration is this minus one). */
    private final int[] epochEnds;
    private int iterations;
    private int epochs;
    private int bestEpoch = -1;

    /** Room for {@code maxEpochs} epochs and {@code maxIterations} iterations in all. */
    History(int maxEpochs, int maxIterations) {
        iterationLoss = new float[maxIterations];
        trainLoss = new double[maxEpochs];
        trainAccuracy = new double[maxEpochs];
        validationLoss = new double[maxEpochs];
        validationAccuracy = new double[maxEpochs];
        epochEnds = new int[maxEpochs];
    }

    /**
     * A history of a run that another trainer recorded (a distributed fit, a log read back), for
     * {@link TrainingCurves#read}. The epochs' iterations are taken to be consecutive runs of
     * {@code iterationLosses.length / epochs} (the first {@code iterationLosses.length % epochs} epochs one more).
     *
     * @param iterationLosses    the training-mode loss of every step (or round) in order; copied
     * @param trainLoss          the training loss per epoch (evaluation mode, or NaN where not measured); copied
     * @param trainAccuracy      the training accuracy per epoch in [0, 1], or NaN; copied
     * @param validationLoss     the validation loss per epoch, or NaN; copied
     * @param validationAccuracy the validation accuracy per epoch, or NaN; copied
     * @param bestEpoch          the 0-based epoch whose weights were restored, or -1
     * @return a new history of {@code trainLoss.length} epochs
     * @throws IllegalArgumentException when the per-epoch arrays differ in length, or {@code bestEpoch} is neither
     *                                  -1 nor one of the epochs
     */
    public static History of(float[] iterationLosses, double[] trainLoss, double[] trainAccuracy,
                             double[] validationLoss, double[] validationAccuracy, int bestEpoch) {
        int epochs = trainLoss.length;
        if (trainAccuracy.length != epochs || validationLoss.length != epochs || validationAccuracy.length != epochs) {
            throw new IllegalArgumentException("the per-epoch arrays must have one length, were " + epochs + ", "
                    + trainAccuracy.length + ", " + validationLoss.length + ", " + validationAccuracy.length);
        }
        if (bestEpoch < -1 || bestEpoch >= epochs) {
            throw new IllegalArgumentException("bestEpoch must be -1 or in [0, " + epochs + "), was " + bestEpoch);
        }
        int n = iterationLosses.length;
        History h = new History(epochs, n);
        for (float loss : iterationLosses) {
            h.recordIteration(loss);
        }
        int end = 0;
        for (int e = 0; e < epochs; e++) {
            end += n / epochs + (e < n % epochs ? 1 : 0);
            h.recordEpoch(trainLoss[e], trainAccuracy[e], validationLoss[e], validationAccuracy[e], end);
        }
        h.setBestEpoch(bestEpoch);
        return h;
    }

    void recordIteration(double loss) {
        iterationLoss[iterations++] = (float) loss;
    }

    void recordEpoch(double tl, double ta, double vl, double va) {
        recordEpoch(tl, ta, vl, va, iterations);
    }

    private void recordEpoch(double tl, double ta, double vl, double va, int end) {
        epochEnds[epochs] = end;
        trainLoss[epochs] = tl;
        trainAccuracy[epochs] = ta;
        validationLoss[epochs] = vl;
        validationAccuracy[epochs] = va;
        epochs++;
    }

    void setBestEpoch(int epoch) {
        bestEpoch = epoch;
    }

    /** The most epochs this history has room for (the trainer's planned epochs). */
    int capacity() {
        return trainLoss.length;
    }

    /** The iterations recorded when epoch {@code e} (completed) ended. */
    int epochEnd(int e) {
        return epochEnds[e];
    }

    /** Batch loss of iteration {@code i} (recorded); no copy. */
    float iterationLoss(int i) {
        return iterationLoss[i];
    }

    /** Training loss of epoch {@code e} (completed); no copy. */
    double trainLoss(int e) {
        return trainLoss[e];
    }

    /** Training accuracy of epoch {@code e} (completed); no copy. */
    double trainAccuracy(int e) {
        return trainAccuracy[e];
    }

    /** Validation loss of epoch {@code e} (completed); no copy. */
    double validationLoss(int e) {
        return validationLoss[e];
    }

    /** Validation accuracy of epoch {@code e} (completed); no copy. */
    double validationAccuracy(int e) {
        return validationAccuracy[e];
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
