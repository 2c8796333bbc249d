package dev.vecnet.spark.search;

import dev.vecnet.search.Configuration;

import java.io.Serializable;

/**
 * One trial of a {@link SparkSearch}, run as a Spark task: trains and scores one configuration on the search's
 * broadcast data. Shipped to the executors, so it is serializable and keeps no mutable state; several run at once
 * in one executor JVM.
 *
 * @param <D> the type of the broadcast data
 */
@FunctionalInterface
public interface DataTrial<D> extends Serializable {
    /**
     * Trains and scores one configuration.
     *
     * @param configuration the hyperparameters
     * @param seed          the trial's seed, {@code HyperparameterSearch.trialSeed(searchSeed, index)}
     * @param data          the search's data, broadcast once; shared by concurrent trials, not to be modified
     * @return the metric
     * @throws Exception when the trial fails; the search records it and goes on
     */
    double run(Configuration configuration, long seed, D data) throws Exception;
}
