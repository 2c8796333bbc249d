package dev.vecnet.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * The model state a round starts from, broadcast to every task of the round.
 *
 * @param parameters     all parameter values, BatchNorm running statistics included
 * @param batchesTracked the BatchNorm batch counts
 * @param optimizerState local SGD: the optimizer's state (empty before its first step); exact mode: empty
 * @param optimizerSteps local SGD: the optimizer's step count
 * @param learningRate   local SGD: the learning rate of the round's steps when {@code rates} is null
 * @param rates          local SGD with a schedule: the learning rate of each of the round's steps, in order; else
 *                       null
 */
record RoundInput(float[] parameters, long[] batchesTracked, Map<String, float[]> optimizerState,
                  long optimizerSteps, float learningRate, float[] rates) implements Serializable {
}
