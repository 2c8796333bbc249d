package dev.vecnet.cli;

import dev.vecnet.optim.Adagrad;
import dev.vecnet.optim.Adam;
import dev.vecnet.optim.Momentum;
import dev.vecnet.optim.Nesterov;
import dev.vecnet.optim.Optimizer;
import dev.vecnet.optim.RmsProp;
import dev.vecnet.optim.Sgd;
import picocli.CommandLine.Option;

import java.io.Serializable;

/**
 * The optimizer and its settings other than the learning rate ({@link LearningRateOption}). Filled in by picocli; not thread-safe. {@link #create} returns a new
 * optimizer per call, so parallel search trials each get their own.
 */
final class OptimizerOptions implements Serializable {
    // Serializable so that the Spark launcher can ship the parsed options to its executors.
    private static final long serialVersionUID = 1L;


    /** The optimizers of {@code dev.vecnet.optim}, with the learning rate each starts from by default. */
    enum OptimizerName {
        /** Plain stochastic gradient descent. */
        SGD(0.05f),
        /** Classical momentum. */
        MOMENTUM(0.01f),
        /** Nesterov momentum. */
        NESTEROV(0.01f),
        /** Adagrad. */
        ADAGRAD(0.01f),
        /** RMSProp. */
        RMSPROP(1e-3f),
        /** Adam. */
        ADAM(3e-3f),
        /** Adam with decoupled weight decay. */
        ADAMW(3e-3f);

        private final float defaultRate;

        OptimizerName(float defaultRate) {
            this.defaultRate = defaultRate;
        }
    }

    /** Converts optimizer names. */
    static final class OptimizerConverter extends NamedChoice<OptimizerName> {
        /** Picocli's entry point. */
        public OptimizerConverter() {
            super(OptimizerName.class);
        }
    }

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam", converter = OptimizerConverter.class,
            description = "Optimizer: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw. Default: ${DEFAULT-VALUE}.")
    OptimizerName optimizer;

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
        return optimizer.defaultRate;
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
        return switch (optimizer) {
            case SGD -> new Sgd(rate);
            case MOMENTUM -> new Momentum(rate, momentum);
            case NESTEROV -> new Nesterov(rate, momentum);
            case ADAGRAD -> new Adagrad(rate);
            case RMSPROP -> new RmsProp(rate);
            case ADAM -> new Adam(rate, beta1, beta2, 1e-8f, 0f);
            // Adam with a decay > 0 is AdamW (see dev.vecnet.optim.Adam); this form keeps the betas.
            case ADAMW -> new Adam(rate, beta1, beta2, 1e-8f, weightDecay);
        };
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
