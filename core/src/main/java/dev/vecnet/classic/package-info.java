/**
 * The historical single-unit learning rules: Rosenblatt's {@link dev.vecnet.classic.Perceptron} and
 * Widrow and Hoff's {@link dev.vecnet.classic.Adaline}, trained example by example on row-major
 * {@code float[]} inputs, with {@link dev.vecnet.classic.BinaryLabels} to turn class labels into their
 * two-class targets. Self-contained: plain Java loops, no dependency on the kernels or the networks.
 */
package dev.vecnet.classic;
