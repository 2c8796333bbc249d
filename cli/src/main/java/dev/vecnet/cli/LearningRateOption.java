package dev.vecnet.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --lr} option of commands that take the learning rate as given (not {@code search}, which
 * chooses it). Filled in by picocli; not thread-safe.
 */
public final class LearningRateOption {

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Learning rate (the schedule's starting rate). Default: 0.05 for sgd, 0.01 for momentum, "
                    + "nesterov and adagrad, 0.001 for rmsprop, 0.003 for adam and adamw.")
    Float rate;

    /**
     * The learning rate: {@code --lr}, or the optimizer's default.
     *
     * @throws UsageException when the rate is not a finite number above 0
     */
    public float value(OptimizerOptions optimizer) {
        float value = rate != null ? rate : optimizer.defaultRate();
        if (!(value > 0f) || !Float.isFinite(value)) {
            throw new UsageException("--lr must be a finite number > 0, was " + value + "; e.g. --lr 0.001");
        }
        return value;
    }
}
