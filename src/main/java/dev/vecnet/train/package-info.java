/**
 * Training loops and what surrounds them: the mini-batch {@link dev.vecnet.train.Trainer} over
 * {@link dev.vecnet.train.TrainingData} (plain row-major arrays), full-batch
 * {@link dev.vecnet.train.GradientDescent}, per-epoch {@link dev.vecnet.train.History}, listeners and
 * {@link dev.vecnet.train.EarlyStopping}, divergence guards, the standard pre-training
 * {@link dev.vecnet.train.SanityChecks}, and averaged models ({@link dev.vecnet.train.ParameterAverage},
 * {@link dev.vecnet.train.CheckpointAverage}, {@link dev.vecnet.train.Ensemble}).
 *
 * <p>Drives a {@code dev.vecnet.nn.Network} with a {@code dev.vecnet.optim.Optimizer}; depends on those two
 * packages only (a {@code dev.vecnet.data.Dataset} is turned into {@code TrainingData} by the caller).
 */
package dev.vecnet.train;
