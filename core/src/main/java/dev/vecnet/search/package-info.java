/**
 * Hyperparameter search: random, grid and coarse-to-fine {@link dev.vecnet.search.HyperparameterSearch}
 * over a {@link dev.vecnet.search.SearchSpace} of uniform, log-uniform, integer and choice
 * {@link dev.vecnet.search.Hyperparameter}s, running each {@link dev.vecnet.search.Trial} on a bounded pool
 * of threads and collecting {@link dev.vecnet.search.SearchResults}.
 *
 * <p>A trial is any function from a {@link dev.vecnet.search.Configuration} and a seed to a metric, so this
 * package depends on no other vecnet package; the command line's {@code search} command plugs training into
 * it. For deterministic trials, results do not depend on the thread count.
 */
package dev.vecnet.search;
