package dev.vecnet.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What one task sends back to the driver.
 *
 * @param examples       examples the task trained on
 * @param lossSum        sum over its steps of {@code loss * batch}
 * @param values         exact mode: the mean gradient of the task's batch, with the BatchNorm running
 *                       statistics after its forward in the slots of the non-trainable tensors; local SGD: the
 *                       parameters after the task's steps
 * @param batchesTracked the network's BatchNorm batch counts after the task
 * @param optimizerState local SGD: the optimizer's state after the task's steps (else empty)
 * @param optimizerSteps local SGD: the optimizer's step count after the task's steps (else 0)
 */
record PartitionResult(long examples, double lossSum, float[] values, long[] batchesTracked,
                       Map<String, float[]> optimizerState, long optimizerSteps) implements Serializable {
}
