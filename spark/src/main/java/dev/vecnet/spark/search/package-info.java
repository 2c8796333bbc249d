/**
 * Hyperparameter search on a Spark cluster: {@link dev.vecnet.spark.search.SparkSearch} runs the configurations
 * of a {@link dev.vecnet.search.SearchSpace} as Spark tasks, one trial per task, with the same seeds and results
 * as a local {@link dev.vecnet.search.HyperparameterSearch}.
 */
package dev.vecnet.spark.search;
