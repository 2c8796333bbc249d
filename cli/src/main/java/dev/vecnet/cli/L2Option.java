package dev.vecnet.cli;

import picocli.CommandLine.Option;

/** The {@code --l2} option of commands that take the L2 strength as given. Filled in by picocli; not thread-safe. */
public final class L2Option {

    @Option(names = "--l2", paramLabel = "LAMBDA", defaultValue = "1e-3",
            description = "L2 strength: adds (LAMBDA/2) * sum of squared weights to the loss. Default: ${DEFAULT-VALUE}.")
    float l2;

    /** The L2 strength given (checked when the network is built). */
    public float value() {
        return l2;
    }
}
