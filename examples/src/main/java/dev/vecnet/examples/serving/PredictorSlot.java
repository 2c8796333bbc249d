package dev.vecnet.examples.serving;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.nn.Predictor;

/**
 * One predictor slot of a model: a {@link Predictor} over the model's shared network and the buffers a
 * request is parsed into and answered from, all sized once for {@code maxRows}.
 *
 * <p>{@code input} is {@code [maxRows][inputSize]}, {@code outputs} {@code [maxRows][outputSize]},
 * {@code classes} {@code [maxRows]}, row-major. {@link #predict(int)} allocates nothing. Used by one
 * request at a time: the one holding its index from the {@link SlotPool}, whose queue hands the slot from
 * one thread to the next with a happens-before edge.
 */
final class PredictorSlot {
    /** Raw feature rows of the current request, written by the request parser. */
    final float[] input;
    /** Probabilities or scores of the current request's rows ({@link ModelOutput#key()}). */
    final float[] outputs;
    /** Predicted class of each row, when {@link ModelOutput#classes()}. */
    final int[] classes;
    private final Predictor predictor;
    private final ModelOutput output;
    private final int outputSize;

    PredictorSlot(LoadedModel model, ModelOutput output, int maxRows) {
        this.predictor = model.predictor(maxRows);
        this.output = output;
        this.outputSize = model.network().outputSize();
        this.input = new float[Math.multiplyExact(maxRows, model.network().inputSize())];
        this.outputs = new float[Math.multiplyExact(maxRows, outputSize)];
        this.classes = new int[maxRows];
    }

    int maxRows() {
        return classes.length;
    }

    /**
     * Predicts the first {@code rows} rows of {@link #input} in one batch: writes
     * {@code outputs[0 .. rows * outputSize)} and, for a classifier, {@code classes[0 .. rows)}. One
     * forward pass; the class of a row is the index of its largest output (the first on a tie), or for one
     * output whether it exceeds {@link ModelOutput#threshold()}, so it always agrees with the outputs sent.
     */
    void predict(int rows) {
        // Probabilities for softmax and sigmoid models, the raw scores for any other loss (Predictor's rule).
        predictor.predictProbabilities(input, 0, rows, outputs, 0);
        if (!output.classes()) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            int off = r * outputSize;
            if (outputSize == 1) {
                classes[r] = outputs[off] > output.threshold() ? 1 : 0;
                continue;
            }
            int best = 0;
            for (int j = 1; j < outputSize; j++) {
                if (outputs[off + j] > outputs[off + best]) {
                    best = j;
                }
            }
            classes[r] = best;
        }
    }
}
