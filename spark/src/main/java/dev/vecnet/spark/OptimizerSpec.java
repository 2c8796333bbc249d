package dev.vecnet.spark;

import dev.vecnet.optim.Optimizer;
import dev.vecnet.optim.OptimizerKind;

import java.util.List;

/**
 * An optimizer by name and learning rate, from which executors build their own: the {@link Optimizer}s of the
 * core are stateful objects and are not shipped. The names and the other settings are those of the core's
 * {@link OptimizerKind} table ({@link OptimizerKind#create(float)}: {@code mu = 0.9}, PyTorch's Adam betas, AdamW's
 * weight decay 0.01), as the command line's defaults.
 *
 * @param name         one of {@link #NAMES}
 * @param learningRate the initial learning rate, finite and {@code >= 0}
 */
public record OptimizerSpec(String name, float learningRate) {
    /** The optimizer names {@link #create()} knows. */
    public static final List<String> NAMES = OptimizerKind.names();

    /**
     * Checks the name and the rate.
     *
     * @param name         one of {@link #NAMES}, case-insensitive; stored in lower case
     * @param learningRate the initial learning rate, finite and {@code >= 0}
     * @throws IllegalArgumentException naming an unknown optimizer or a bad rate
     */
    public OptimizerSpec {
        name = OptimizerKind.named(name).optimizerName();
        if (!(learningRate >= 0f) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, was " + learningRate);
        }
    }

    /**
     * A new optimizer without state.
     *
     * @return a fresh optimizer of this name and learning rate; not shared
     */
    public Optimizer create() {
        return create(name, learningRate);
    }

    /**
     * This optimizer as a factory that {@link SparkTrainer} ships to the executors: the same name, any rate.
     *
     * @return a serializable factory of optimizers of this name (the rate of this spec is not part of it)
     */
    public OptimizerFactory factory() {
        String optimizer = name;   // a local, so that the factory captures the name and not this spec
        return rate -> create(optimizer, rate);
    }

    private static Optimizer create(String name, float learningRate) {
        return OptimizerKind.named(name).create(learningRate);
    }
}
