/**
 * Data sets and preprocessing: {@link dev.vecnet.data.Dataset} ({@code n} examples as one row-major
 * {@code float[]} with class labels or regression targets), loaders for CSV, MNIST IDX and CIFAR-10 binary
 * files, three small data sets shipped in the jar ({@link dev.vecnet.data.Datasets}), stratified
 * {@link dev.vecnet.data.Split}s, shuffled {@link dev.vecnet.data.MiniBatches}, and preprocessing fitted on
 * the training split ({@link dev.vecnet.data.Preprocessing}, {@link dev.vecnet.data.Preprocessor}).
 *
 * <p>Depends on no other vecnet package; its arrays are what {@code dev.vecnet.train} and
 * {@code dev.vecnet.nn} consume. A malformed file raises {@link dev.vecnet.data.DataFormatException}.
 */
package dev.vecnet.data;
