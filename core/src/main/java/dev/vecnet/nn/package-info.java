/**
 * Fully-connected networks: {@link dev.vecnet.nn.Network} and its builder, the layers (dense, maxout,
 * activations, batch normalisation, dropout), losses, weight initialisation and gradient checking.
 *
 * <p>Every {@link dev.vecnet.nn.Layer} is a {@code forward}/{@code backward} pair over row-major
 * {@code [batch][features]} buffers that calls {@code dev.vecnet.kernel} for its products and elementwise
 * passes. All parameters live in one flat array and all gradients in another
 * ({@link dev.vecnet.nn.Parameters}), carved into {@link dev.vecnet.nn.ParameterTensor} views named like a
 * PyTorch {@code nn.Sequential} state dict. Activations and per-call state live in a context: one
 * {@link dev.vecnet.nn.TrainingContext} for training, an {@link dev.vecnet.nn.InferenceContext} per serving
 * thread, so one set of weights serves many threads.
 *
 * <p>Depends only on {@code dev.vecnet.kernel}; {@code dev.vecnet.optim} updates the flat parameters,
 * {@code dev.vecnet.train} drives training and {@code dev.vecnet.format} saves and loads networks.
 */
package dev.vecnet.nn;
