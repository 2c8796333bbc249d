package dev.vecnet.train;

/**
 * What {@link Diagnostics} measured of one layer at the end of one epoch, on its fixed sample of the training
 * data in evaluation mode. Immutable.
 *
 * @param epoch                the 0-based epoch
 * @param layer                the layer's index in {@link dev.vecnet.nn.Network#layers()}, 0-based
 * @param description          the layer as {@link dev.vecnet.nn.Layer#describe()} gives it, e.g.
 *                             {@code dense(64 -> 256, relu)}
 * @param mean                 the mean of the layer's outputs over the sample
 * @param std                  their standard deviation
 * @param deadFraction         for a ReLU, leaky-ReLU or PReLU layer (a dense layer with a fused one included): the
 *                             fraction of its units that were never positive on the sample; NaN for other layers
 * @param saturatedFraction    for a sigmoid or tanh layer: the fraction of its outputs within
 *                             {@link Diagnostics#SATURATION_MARGIN} of an asymptote (0 or 1, -1 or 1); NaN for
 *                             other layers
 * @param runningMeanDrift     for a BatchNorm layer: the root mean square, over its features, of the change of the
 *                             running mean since the previous epoch, divided by the root mean square of the running
 *                             standard deviation; NaN for other layers and at the first epoch
 * @param runningVarianceDrift for a BatchNorm layer: the root mean square of the relative change of the running
 *                             variance since the previous epoch; NaN for other layers and at the first epoch
 */
public record LayerStatistics(int epoch, int layer, String description, double mean, double std,
                              double deadFraction, double saturatedFraction, double runningMeanDrift,
                              double runningVarianceDrift) {
}
