package dev.vecnet.nn;

import java.util.List;

/**
 * The buffers of training: every layer's output, the gradient at every layer boundary, the layers'
 * states and the loss gradient, all sized once for the network's maximum batch. Single-threaded.
 */
final class TrainingContext {
    private final List<Layer> layers;
    final float[][] activations;
    /** {@code boundaryGradients[i]} is dLoss/d(input of layer i), for i >= 1. */
    private final float[][] boundaryGradients;
    final LayerState[] states;
    private final float[] dScores;
    final float[] inputGradient;
    boolean inputGradientEnabled;
    double lastDataLoss;

    TrainingContext(Network network) {
        layers = network.layers();
        int maxBatch = network.maxBatch();
        int count = layers.size();
        activations = new float[count][];
        boundaryGradients = new float[count][];
        states = new LayerState[count];
        for (int i = 0; i < count; i++) {
            Layer layer = layers.get(i);
            activations[i] = new float[maxBatch * layer.outputSize()];
            if (i > 0) {
                boundaryGradients[i] = new float[maxBatch * layer.inputSize()];
            }
            states[i] = layer.newState(maxBatch, true);
        }
        dScores = new float[maxBatch * network.outputSize()];
        inputGradient = new float[maxBatch * network.inputSize()];
    }

    /** Runs the layers and the loss; with {@code gradients}, also writes dLoss/dscores for backward. */
    double forward(float[] x, int xOff, int batch, boolean training, Loss loss, int[] labels, float[] targets,
                   boolean gradients) {
        float[] in = x;
        int inOff = xOff;
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).forward(states[i], in, inOff, activations[i], batch, training);
            in = activations[i];
            inOff = 0;
        }
        int width = layers.get(layers.size() - 1).outputSize();
        lastDataLoss = loss.compute(in, batch, width, labels, targets, gradients ? dScores : null);
        return lastDataLoss;
    }

    /** Backpropagates the dScores of the last forward through every layer, last to first. */
    void backward(float[] x, int xOff, int batch) {
        float[] dy = dScores;
        for (int i = layers.size() - 1; i >= 0; i--) {
            float[] dx = i > 0 ? boundaryGradients[i] : inputGradientEnabled ? inputGradient : null;
            float[] in = i > 0 ? activations[i - 1] : x;
            int inOff = i > 0 ? 0 : xOff;
            layers.get(i).backward(states[i], in, inOff, activations[i], dy, dx, batch);
            dy = dx;
        }
    }
}
