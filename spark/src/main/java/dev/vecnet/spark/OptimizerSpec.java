package dev.vecnet.spark;

import dev.vecnet.optim.Adagrad;
import dev.vecnet.optim.Adam;
import dev.vecnet.optim.AdamW;
import dev.vecnet.optim.Momentum;
import dev.vecnet.optim.Nesterov;
import dev.vecnet.optim.Optimizer;
import dev.vecnet.optim.RmsProp;
import dev.vecnet.optim.Sgd;

import java.util.List;
import java.util.Locale;

/**
 * An optimizer by name and learning rate, from which executors build their own: the {@link Optimizer}s of the
 * core are stateful objects and are not shipped. The other settings are the
 * constructors' defaults ({@code momentum} and {@code nesterov} use {@code mu = 0.9}).
 *
 * @param name         one of {@link #NAMES}
 * @param learningRate the initial learning rate, finite and {@code >= 0}
 */
public record OptimizerSpec(String name, float learningRate) {
    /** The optimizer names {@link #create()} knows. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop",
            "adagrad");

    /** Momentum of {@code momentum} and {@code nesterov}. */
    private static final float MU = 0.9f;

    /**
     * Checks the name and the rate.
     *
     * @param name         one of {@link #NAMES}, case-insensitive; stored in lower case
     * @param learningRate the initial learning rate, finite and {@code >= 0}
     * @throws IllegalArgumentException naming an unknown optimizer or a bad rate
     */
    public OptimizerSpec {
        name = name == null ? null : name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "', expected one of " + NAMES);
        }
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
        return switch (name) {
            case "sgd" -> new Sgd(learningRate);
            case "momentum" -> new Momentum(learningRate, MU);
            case "nesterov" -> new Nesterov(learningRate, MU);
            case "adam" -> new Adam(learningRate);
            case "adamw" -> new AdamW(learningRate);
            case "rmsprop" -> new RmsProp(learningRate);
            case "adagrad" -> new Adagrad(learningRate);
            default -> throw new IllegalStateException(name);
        };
    }
}
