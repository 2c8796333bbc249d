/**
 * Data sets and preprocessing: {@link dev.vecnet.data.Dataset} ({@code n} examples as one row-major
 * {@code float[]} with class labels or regression targets), loaders for CSV, MNIST IDX and CIFAR-10 binary
 * files, three small data sets shipped in the jar ({@link dev.vecnet.data.Datasets}), stratified
 * {@link dev.vecnet.data.Split}s, shuffled {@link dev.vecnet.data.MiniBatches}, and preprocessing fitted on
 * the training split ({@link dev.vecnet.data.Preprocessing}, {@link dev.vecnet.data.Preprocessor}).
 *
 * <p>Data larger than memory: {@link dev.vecnet.data.Examples} is the read-only view both a {@code Dataset}
 * and a memory-mapped {@code .vecdata} file ({@link dev.vecnet.data.MappedExamples}, written by
 * {@link dev.vecnet.data.DataFileWriter}) implement, with 64-bit row counts; {@link dev.vecnet.data.Holdout}
 * holds out validation and test rows of such a file. In-memory loads check their size against the heap
 * first ({@link dev.vecnet.data.MemoryLimits}, {@link dev.vecnet.data.DataTooLargeException}).
 *
 * <p>Depends on no other vecnet package; its arrays are what {@code dev.vecnet.train} and
 * {@code dev.vecnet.nn} consume. A malformed file raises {@link dev.vecnet.data.DataFormatException}.
 */
package dev.vecnet.data;
