package dev.vecnet.train;

/**
 * What {@link Diagnostics} measured of one weight tensor (a dense or maxout layer's {@code weight}) in one epoch.
 * Immutable.
 *
 * @param epoch        the 0-based epoch
 * @param tensor       the tensor's state-dict name, e.g. {@code 0.weight}
 * @param layer        the index of its layer in {@link dev.vecnet.nn.Network#layers()}, 0-based
 * @param weightNorm   the Euclidean norm of the weights at the end of the epoch
 * @param gradientNorm the norm of the gradient of the loss (data loss plus L2, evaluation mode) over the sample
 *                     at the end of the epoch
 * @param updateNorm   the norm of the change one optimizer step made to the weights: the second step of the
 *                     epoch (the only one, for an epoch of one step); NaN when the epoch had no step measured
 * @param updateRatio  {@code updateNorm} divided by the norm of the weights after that step (the course's rule of
 *                     thumb: about 1e-3); NaN when not measured
 */
public record TensorStatistics(int epoch, String tensor, int layer, double weightNorm, double gradientNorm,
                               double updateNorm, double updateRatio) {
}
