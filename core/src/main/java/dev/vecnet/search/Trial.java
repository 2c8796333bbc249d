package dev.vecnet.search;

/**
 * One training run to score: builds its own network (or other model) from the configuration, trains it
 * with the given seed and returns a validation metric. Called concurrently from the search's threads, so
 * it must not share mutable state between calls. An exception or a non-finite metric marks the trial
 * failed; the search goes on.
 */
@FunctionalInterface
public interface Trial {

    /**
     * Trains and scores one configuration.
     *
     * @param configuration the hyperparameters
     * @param seed          a seed for the trial's initialisation and shuffling, fixed by the search's seed
     *                      and the trial's index
     * @return the validation metric
     * @throws Exception when training fails (for example on divergence)
     */
    double run(Configuration configuration, long seed) throws Exception;
}
