package dev.vecnet.examples.serving;

import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;

/**
 * What a model's outputs mean, from its loss: class probabilities (softmax cross-entropy: softmax of the
 * scores; sigmoid binary cross-entropy: sigmoid of each score) or raw scores (any other loss), and whether
 * the model predicts classes (losses that read labels).
 *
 * @param key       the JSON field of the per-row outputs: {@code probabilities} or {@code scores}
 * @param classes   whether responses carry a predicted class per row
 * @param threshold for a one-output model, the output above which the class is 1 (0.5 for a probability,
 *                  0 for a score)
 */
record ModelOutput(String key, boolean classes, float threshold) {

    static ModelOutput of(Network network) {
        Loss loss = network.loss();
        boolean probabilities = loss == Loss.softmaxCrossEntropy() || loss == Loss.sigmoidBinaryCrossEntropy();
        return new ModelOutput(probabilities ? "probabilities" : "scores", loss.usesLabels(), probabilities ? 0.5f : 0f);
    }
}
