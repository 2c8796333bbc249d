package dev.vecnet.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The optimizers of this package by name: the one table the command line, the Spark module and the
 * hyperparameter search build optimizers from. Each kind has a name ({@code sgd}, {@code momentum},
 * {@code nesterov}, {@code adagrad}, {@code rmsprop}, {@code adam}, {@code adamw}) and the learning rate a run
 * starts from when the user gives none (chosen for the course's fully-connected networks on standardised data;
 * the adaptive methods' rates are smaller). Thread-safe.
 */
public enum OptimizerKind {
    /** Plain stochastic gradient descent ({@link Sgd}). */
    SGD(0.05f),
    /** Classical momentum ({@link Momentum}). */
    MOMENTUM(0.01f),
    /** Nesterov momentum ({@link Nesterov}). */
    NESTEROV(0.01f),
    /** Adagrad ({@link Adagrad}). */
    ADAGRAD(0.01f),
    /** RMSProp ({@link RmsProp}). */
    RMSPROP(1e-3f),
    /** Adam ({@link Adam}, no weight decay). */
    ADAM(3e-3f),
    /** Adam with decoupled weight decay ({@link AdamW}). */
    ADAMW(3e-3f);

    /** The momentum {@code mu} of {@link #MOMENTUM} and {@link #NESTEROV} when none is given. */
    public static final float DEFAULT_MOMENTUM = 0.9f;
    /** Adam's first-moment decay when none is given (PyTorch's default). */
    public static final float DEFAULT_BETA1 = 0.9f;
    /** Adam's second-moment decay when none is given (PyTorch's default). */
    public static final float DEFAULT_BETA2 = 0.999f;
    /** AdamW's decoupled weight decay when none is given (PyTorch's default). */
    public static final float DEFAULT_WEIGHT_DECAY = 0.01f;
    /** Adam's eps, added after the square root (PyTorch's default). */
    private static final float ADAM_EPS = 1e-8f;

    private final float defaultLearningRate;

    OptimizerKind(float defaultLearningRate) {
        this.defaultLearningRate = defaultLearningRate;
    }

    /**
     * The kind of a name, case-insensitive, with dashes or underscores alike.
     *
     * @param name a name of {@link #names()}
     * @return the kind
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static OptimizerKind named(String name) {
        if (name != null) {
            String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (OptimizerKind kind : values()) {
                if (kind.optimizerName().equals(wanted)) {
                    return kind;
                }
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "', expected one of " + names());
    }

    /**
     * Every kind's name, in declaration order.
     *
     * @return an unmodifiable list
     */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (OptimizerKind kind : values()) {
            names.add(kind.optimizerName());
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * This kind's name: lower case.
     *
     * @return e.g. {@code "adamw"}
     */
    public String optimizerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The learning rate a run of this kind starts from when the user gives none.
     *
     * @return a positive rate
     */
    public float defaultLearningRate() {
        return defaultLearningRate;
    }

    /**
     * A new optimizer of this kind with the default settings other than the rate: momentum
     * {@value #DEFAULT_MOMENTUM}, betas {@value #DEFAULT_BETA1} and {@value #DEFAULT_BETA2}, AdamW's weight decay
     * {@value #DEFAULT_WEIGHT_DECAY}.
     *
     * @param learningRate the initial learning rate, finite and {@code >= 0}
     * @return a new optimizer without state
     * @throws IllegalArgumentException for a bad rate
     */
    public Optimizer create(float learningRate) {
        return create(learningRate, DEFAULT_MOMENTUM, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_WEIGHT_DECAY);
    }

    /**
     * A new optimizer of this kind; each kind reads the settings it has and ignores the others.
     *
     * @param learningRate the initial learning rate, finite and {@code >= 0}
     * @param momentum     {@code mu} of {@link #MOMENTUM} and {@link #NESTEROV}, in {@code [0, 1)}
     * @param beta1        Adam's first-moment decay, in {@code [0, 1)}
     * @param beta2        Adam's second-moment decay, in {@code [0, 1)}
     * @param weightDecay  AdamW's decoupled weight decay, finite and {@code >= 0}
     * @return a new optimizer without state
     * @throws IllegalArgumentException for a setting out of its range (checked by the optimizer's constructor)
     */
    public Optimizer create(float learningRate, float momentum, float beta1, float beta2, float weightDecay) {
        return switch (this) {
            case SGD -> new Sgd(learningRate);
            case MOMENTUM -> new Momentum(learningRate, momentum);
            case NESTEROV -> new Nesterov(learningRate, momentum);
            case ADAGRAD -> new Adagrad(learningRate);
            case RMSPROP -> new RmsProp(learningRate);
            case ADAM -> new Adam(learningRate, beta1, beta2, ADAM_EPS, 0f);
            case ADAMW -> new AdamW(learningRate, beta1, beta2, weightDecay);
        };
    }
}
