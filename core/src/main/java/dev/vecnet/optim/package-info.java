/**
 * Optimizers and schedules: {@link dev.vecnet.optim.Optimizer} implementations (SGD, momentum, Nesterov,
 * Adagrad, RMSProp, Adam, AdamW) that update a {@code dev.vecnet.nn.Network}'s flat parameter array from its
 * flat gradient array in one pass per trainable tensor, and the {@link dev.vecnet.optim.LearningRateSchedule}
 * and {@link dev.vecnet.optim.MomentumSchedule} that set their rates per step and epoch.
 *
 * <p>Optimizer state (velocities, accumulators, moments) has the parameter layout and is allocated on the
 * first step; later steps allocate nothing. Depends on {@code dev.vecnet.nn}; used by
 * {@code dev.vecnet.train}, and its state is saved by {@code dev.vecnet.format}.
 */
package dev.vecnet.optim;
