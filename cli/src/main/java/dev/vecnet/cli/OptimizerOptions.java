package dev.vecnet.cli;

import dev.vecnet.optim.Optimizer;
import dev.vecnet.optim.OptimizerKind;
import picocli.CommandLine.Option;

import java.io.Serializable;

/**
 * The optimizer and its settings other than the learning rate ({@link LearningRateOption}). Filled in by picocli; not thread-safe. {@link #create} returns a new
 * optimizer per call, so parallel search trials each get their own.
 */
public final class OptimizerOptions implements Serializable {
    // Serializable so that the Spark launcher can ship the parsed options to its executors.
    private static final long serialVersionUID = 1L;


    /** Converts optimizer names. */
    static final class OptimizerConverter extends NamedChoice<OptimizerKind> {
        /** Picocli's entry point. */
        public OptimizerConverter() {
            super(OptimizerKind.class);
        }
    }

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam", converter = OptimizerConverter.class,
            description = "Optimizer: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw. Default: ${DEFAULT-VALUE}.")
    OptimizerKind optimizer;

    @Option(names = "--momentum", paramLabel = "MU", defaultValue = "0.9",
            description = "Momentum mu of momentum and nesterov, in [0, 1). Default: ${DEFAULT-VALUE}.")
    float momentum;

    @Option(names = "--beta1", paramLabel = "B1", defaultValue = "0.9",
            description = "Adam's first-moment decay, in [0, 1). Default: ${DEFAULT-VALUE}.")
    float beta1;

    @Option(names = "--beta2", paramLabel = "B2", defaultValue = "0.999",
            description = "Adam's second-moment decay, in [0, 1). Default: ${DEFAULT-VALUE}.")
    float beta2;

    @Option(names = "--weight-decay", paramLabel = "WD", defaultValue = "0.01",
            description = "AdamW's decoupled weight decay, >= 0 (ignored by the others). Default: ${DEFAULT-VALUE}.")
    float weightDecay;

    /** The optimizer's name as the command line writes it. */
    public String name() {
        return NamedChoice.nameOf(optimizer);
    }

    /** The default learning rate of the chosen optimizer (see {@link LearningRateOption}). */
    public float defaultRate() {
        return optimizer.defaultLearningRate();
    }

    /**
     * A new optimizer with this learning rate and the other settings.
     *
     * @throws UsageException when a setting is out of its range
     */
    public Optimizer create(float rate) {
        requireUnit("--momentum", momentum);
        requireUnit("--beta1", beta1);
        requireUnit("--beta2", beta2);
        if (!(weightDecay >= 0f) || !Float.isFinite(weightDecay)) {
            throw new UsageException("--weight-decay must be a finite number >= 0, was " + weightDecay);
        }
        return optimizer.create(rate, momentum, beta1, beta2, weightDecay);
    }

    /** A one-line description for logs, e.g. {@code adam lr=0.001}. */
    public String describe(float rate) {
        String settings = switch (optimizer) {
            case MOMENTUM, NESTEROV -> " momentum=" + momentum;
            case ADAM -> " beta1=" + beta1 + " beta2=" + beta2;
            case ADAMW -> " beta1=" + beta1 + " beta2=" + beta2 + " weight-decay=" + weightDecay;
            default -> "";
        };
        return name() + " lr=" + rate + settings;
    }

    private static void requireUnit(String option, float value) {
        if (!(value >= 0f && value < 1f)) {
            throw new UsageException(option + " must be in [0, 1), was " + value + "; e.g. " + option + " 0.9");
        }
    }
}
