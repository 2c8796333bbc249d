package dev.vecnet.spark;

import dev.vecnet.optim.Optimizer;

import java.io.Serializable;

/**
 * Makes a fresh optimizer for a learning rate. {@link SparkTrainer} ships it to the executors, where in
 * {@link SyncMode#LOCAL_SGD} every partition builds its own optimizer from it each round (the core's optimizers are
 * stateful and are not shipped); it must therefore be serializable and return an optimizer of the same kind and
 * settings on every call. {@link OptimizerSpec#factory()} gives one for the optimizers by name.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
    /**
     * A new optimizer without state.
     *
     * @param learningRate the initial learning rate, finite and {@code >= 0}
     * @return a new optimizer, not shared
     */
    Optimizer create(float learningRate);
}
