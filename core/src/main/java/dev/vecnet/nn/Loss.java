package dev.vecnet.nn;

/**
 * A data loss on the network's output scores {@code s} ({@code [batch][width]}), averaged over the
 * batch, with its gradient {@code dLoss/ds}. Classification losses read integer class labels
 * ({@code [batch]}); regression losses read float targets ({@code [batch][width]}).
 *
 * <p>Implementations are stateless and thread-safe; {@link #compute} allocates nothing.
 */
public interface Loss {

    /**
     * Whether this loss reads class labels (else float targets).
     *
     * @return true if the loss reads class labels, false if it reads float targets
     */
    boolean usesLabels();

    /**
     * Mean loss over the batch, accumulated in double; writes {@code dScores = dLoss/dscores} when it is
     * not null (it may alias nothing else).
     *
     * @param scores the network's output scores {@code [batch][width]}; not modified
     * @param batch the number of examples, {@code >= 1}
     * @param width scores per example (the network's output size)
     * @param labels  class per example ({@code [batch]}, each in {@code [0, width)}) for label losses, else
     *                ignored
     * @param targets targets {@code [batch][width]} for target losses, else ignored
     * @param dScores receives {@code dLoss/dscores} ({@code [batch][width]}, overwritten), or null when only the loss
     *         is needed
     * @return the loss averaged over the batch
     * @throws IllegalArgumentException when the labels or targets this loss needs are null, short, or a
     *         label is out of range
     */
    double compute(float[] scores, int batch, int width, int[] labels, float[] targets, float[] dScores);

    /**
     * A short name for model files and reports, e.g. {@code softmax_cross_entropy}.
     *
     * @return the loss's name, as stored in model files
     */
    String name();

    /**
     * Softmax cross-entropy from logits: {@code -log softmax(s)[y]}; PyTorch's {@code CrossEntropyLoss}.
     *
     * @return the shared, stateless loss
     */
    static Loss softmaxCrossEntropy() {
        return Losses.SOFTMAX_CROSS_ENTROPY;
    }

    /**
     * Multiclass SVM (Weston-Watkins) hinge: {@code sum_{j != y} max(0, s_j - s_y + 1)}; equals PyTorch's
     * {@code MultiMarginLoss} times the number of classes (PyTorch also divides by it).
     *
     * @return the shared, stateless loss
     */
    static Loss multiclassHinge() {
        return Losses.MULTICLASS_HINGE;
    }

    /**
     * Mean squared error over all elements: {@code mean (s - t)^2}; PyTorch's {@code MSELoss}.
     *
     * @return the shared, stateless loss
     */
    static Loss meanSquaredError() {
        return Losses.MEAN_SQUARED_ERROR;
    }

    /**
     * Sigmoid binary cross-entropy from logits over all elements, in the stable form
     * {@code max(s, 0) - s t + log(1 + e^-|s|)}; PyTorch's {@code BCEWithLogitsLoss}. Reads float targets in
     * [0, 1], or, when the targets are null and {@code width == 1}, class labels 0/1.
     *
     * @return the shared, stateless loss
     */
    static Loss sigmoidBinaryCrossEntropy() {
        return Losses.SIGMOID_BINARY_CROSS_ENTROPY;
    }

    /**
     * The loss with this {@link #name()}.
     *
     * @param name a loss's {@link #name()}
     * @return the loss of that name
     */
    static Loss named(String name) {
        for (Loss loss : Losses.ALL) {
            if (loss.name().equals(name)) {
                return loss;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + name + "'; known: softmax_cross_entropy, "
                + "multiclass_hinge, mean_squared_error, sigmoid_binary_cross_entropy");
    }
}
