package dev.vecnet.cli;

import dev.vecnet.nn.Architecture;
import dev.vecnet.data.MemoryLimits;
import dev.vecnet.nn.BuildOptions;
import dev.vecnet.nn.Init;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import picocli.CommandLine.Option;

import java.io.Serializable;

/**
 * The options that describe a network: architecture spec, loss and initialiser (the L2 strength is
 * {@link L2Option}, since {@code search} chooses it itself). Filled in by picocli; not thread-safe.
 * {@link #build} may be called from many threads once parsing is done.
 */
public final class NetworkOptions implements Serializable {
    // Serializable so that the Spark launcher can ship the parsed options to its executors.
    private static final long serialVersionUID = 1L;


    /** The losses the command line offers for classification. */
    enum LossName {
        /** Softmax cross-entropy. */
        SOFTMAX,
        /** Multiclass (Weston-Watkins) hinge. */
        HINGE;

        Loss loss() {
            return this == SOFTMAX ? Loss.softmaxCrossEntropy() : Loss.multiclassHinge();
        }
    }

    @Option(names = "--arch", paramLabel = "SPEC",
            description = {"Architecture, dash-separated: INPUTS-...-CLASSES, e.g. 64-128relu-bn-64relu-dropout0.3-10. "
                    + "Modules: UNITS[relu|tanh|sigmoid|elu|prelu|leakyrelu[SLOPE]] (dense layer and activation), "
                    + "UNITSmaxoutPIECES, bn (batch norm), dropoutP. The first number must equal the data's features, "
                    + "the last its classes. Default for train and search: INPUTS-256relu-CLASSES for the data; for "
                    + "gradcheck: " + GradcheckCommand.DEFAULT_ARCH + ", the default network of the default data (digits)."})
    String arch;

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = "softmax", converter = LossConverter.class,
            description = "Loss: softmax (cross-entropy) or hinge (multiclass SVM). Default: ${DEFAULT-VALUE}.")
    LossName loss;

    @Option(names = "--init", paramLabel = "NAME", defaultValue = "he-normal", converter = InitConverter.class,
            description = "Weight initialiser: zeros, gaussian, xavier-normal, xavier-uniform, he-normal, uniform. "
                    + "Default: ${DEFAULT-VALUE}.")
    Init init;

    /** Converts loss names. */
    static final class LossConverter extends NamedChoice<LossName> {
        /** Picocli's entry point. */
        public LossConverter() {
            super(LossName.class);
        }
    }

    /** Converts initialiser names. */
    static final class InitConverter extends NamedChoice<Init> {
        /** Picocli's entry point. */
        public InitConverter() {
            super(Init.class);
        }
    }

    /**
     * The architecture: the one given with {@code --arch}, or {@code features-256relu-classes}; checked
     * against the data's shape.
     *
     * @throws UsageException when the spec is malformed or does not fit the data
     */
    public Architecture architecture(PreparedData data) {
        Architecture spec = parse(arch != null ? arch : data.features() + "-256relu-" + data.classes());
        requireFits(spec, data.name(), data.features(), data.classes());
        return spec;
    }

    /**
     * Parses an architecture given on the command line.
     *
     * @throws UsageException naming the bad token (the grammar's own message)
     */
    static Architecture parse(String text) {
        try {
            return Architecture.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * Checks an architecture against a data set's shape.
     *
     * @throws UsageException when the first number differs from {@code features} or the last from
     *                        {@code classCount}, saying which number to write
     */
    static void requireFits(Architecture spec, String dataName, int features, int classCount) {
        if (spec.inputs() != features) {
            throw new UsageException("--arch starts with " + spec.inputs() + " inputs but the data '" + dataName
                    + "' has " + features + " features; start the spec with " + features + " (e.g. " + features
                    + "-128relu-" + classCount + ")");
        }
        if (spec.classes() != classCount) {
            throw new UsageException("--arch ends with " + spec.classes() + " outputs but the data '" + dataName
                    + "' has " + classCount + " classes; end the spec with " + classCount);
        }
    }

    /**
     * The architecture given with {@code --arch}, or {@code defaultSpec}, for commands without data.
     *
     * @throws UsageException when {@code --arch} is malformed
     */
    public Architecture givenArchitectureOr(String defaultSpec) {
        return parse(arch != null ? arch : defaultSpec);
    }

    /**
     * The architecture given with {@code --arch}, before any data is read; empty when the default (which
     * depends on the data) applies.
     *
     * @throws UsageException when {@code --arch} is malformed
     */
    public java.util.Optional<Architecture> givenArchitecture() {
        return arch == null ? java.util.Optional.empty() : java.util.Optional.of(parse(arch));
    }

    /** The initialiser chosen with {@code --init}. */
    public Init init() {
        return init;
    }

    /** The loss chosen with {@code --loss}. */
    public LossName lossName() {
        return loss;
    }

    /**
     * Builds a freshly initialised network (allocates its parameters and buffers), after checking that it can
     * fit in the heap this JVM may still allocate ({@link NetworkFootprint}).
     *
     * @param spec     the architecture
     * @param l2       L2 strength
     * @param maxBatch largest training batch
     * @param seed     initialisation and dropout seed
     * @throws UsageException         when the L2 strength is negative or not finite
     * @throws CommandFailedException when the network to train cannot fit in the heap
     */
    public Network build(Architecture spec, float l2, int maxBatch, long seed) {
        if (!(l2 >= 0f) || !Float.isFinite(l2)) {
            throw new UsageException("--l2 must be a finite number >= 0, was " + l2 + "; e.g. --l2 1e-4");
        }
        NetworkFootprint.require(spec, maxBatch, true, MemoryLimits.availableHeap());
        return Network.from(spec.networkSpec(loss.loss(), l2, init),
                BuildOptions.defaults().withMaxBatch(maxBatch).withSeed(seed));
    }
}
