/**
 * Training loops and what surrounds them: the mini-batch {@link dev.vecnet.train.Trainer} over a
 * {@link dev.vecnet.data.Dataset}, full-batch {@link dev.vecnet.train.GradientDescent}, per-epoch
 * {@link dev.vecnet.train.History}, listeners and {@link dev.vecnet.train.EarlyStopping}, divergence
 * guards, evaluation ({@link dev.vecnet.train.Evaluator}), the standard pre-training
 * {@link dev.vecnet.train.SanityChecks}, and averaged models ({@link dev.vecnet.train.ParameterAverage},
 * {@link dev.vecnet.train.CheckpointAverage}, {@link dev.vecnet.train.Ensemble}).
 *
 * <p>Drives a {@code dev.vecnet.nn.Network} with a {@code dev.vecnet.optim.Optimizer} over the examples of
 * a {@code dev.vecnet.data.Dataset} (gathered into batches by {@code dev.vecnet.data.MiniBatches}); depends
 * on those packages and the kernels.
 */
package dev.vecnet.train;
