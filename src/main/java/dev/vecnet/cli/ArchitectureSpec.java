package dev.vecnet.cli;

import dev.vecnet.nn.Network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network architecture written as one short string of dash-separated tokens, e.g.
 * {@code 64-128relu-bn-64relu-dropout0.3-10}.
 *
 * <pre>
 * spec       := inputs ("-" module)* "-" classes
 * inputs     := count                      number of input features
 * classes    := count                      number of classes (a final dense layer without activation)
 * module     := count [activation]         dense layer of count units, then the activation
 *             | count "maxout" pieces      maxout layer of count units with that many pieces
 *             | "bn"                       batch normalisation
 *             | "dropout" p                dropout with drop probability p in [0, 1)
 * activation := "relu" | "tanh" | "sigmoid" | "elu" | "prelu" | "leakyrelu" [slope]
 * </pre>
 *
 * Immutable and thread-safe; parsing allocates only the result.
 *
 * @param text    the spec as written (normalised to lower case, no spaces)
 * @param inputs  the first number: input features
 * @param modules the modules between the first and the last number, in order
 * @param classes the last number: output units, one per class
 */
public record ArchitectureSpec(String text, int inputs, List<Module> modules, int classes) {

    /** The grammar in one line, for help texts and error messages. */
    public static final String GRAMMAR = "INPUTS-[UNITS[relu|tanh|sigmoid|elu|prelu|leakyrelu[SLOPE]|maxoutPIECES]"
            + "|bn|dropoutP]...-CLASSES";

    private static final Pattern DENSE = Pattern.compile("(\\d+)([a-z]*)([0-9.]*)");
    private static final Pattern DROPOUT = Pattern.compile("dropout([0-9.]+)");
    private static final int MAX_UNITS = 1 << 20;

    /** One module of the spec; {@link #addTo} appends it to a network builder. */
    public sealed interface Module permits Dense, BatchNorm, Dropout {
        /** Appends this module to {@code builder} (modified). */
        void addTo(Network.Builder builder);
    }

    /** The activations a dense token may name. */
    public enum Activation {
        /** None: a linear layer. */
        NONE,
        /** {@code max(0, x)}. */
        RELU,
        /** {@code tanh(x)}. */
        TANH,
        /** {@code 1 / (1 + e^-x)}. */
        SIGMOID,
        /** {@code x} for {@code x > 0}, else {@code e^x - 1}. */
        ELU,
        /** ReLU with one learned negative slope. */
        PRELU,
        /** {@code x} for {@code x > 0}, else {@code slope * x} (default slope 0.01). */
        LEAKYRELU,
        /** The largest of {@code pieces} linear pieces per unit (replaces the dense layer). */
        MAXOUT
    }

    /**
     * A dense (or maxout) layer and its activation.
     *
     * @param units      output units
     * @param activation the activation after it
     * @param parameter  leaky ReLU slope, or maxout pieces; NaN when not given
     */
    public record Dense(int units, Activation activation, float parameter) implements Module {
        @Override
        public void addTo(Network.Builder builder) {
            if (activation == Activation.MAXOUT) {
                builder.maxout(units, (int) parameter);
                return;
            }
            builder.dense(units);
            switch (activation) {
                case RELU -> builder.relu();
                case TANH -> builder.tanh();
                case SIGMOID -> builder.sigmoid();
                case ELU -> builder.elu();
                case PRELU -> builder.prelu();
                case LEAKYRELU -> {
                    if (Float.isNaN(parameter)) {
                        builder.leakyRelu();
                    } else {
                        builder.leakyRelu(parameter);
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Batch normalisation with PyTorch's defaults. */
    public record BatchNorm() implements Module {
        @Override
        public void addTo(Network.Builder builder) {
            builder.batchNorm();
        }
    }

    /**
     * Inverted dropout.
     *
     * @param probability drop probability in [0, 1)
     */
    public record Dropout(float probability) implements Module {
        @Override
        public void addTo(Network.Builder builder) {
            builder.dropout(probability);
        }
    }

    /** Copies the module list so the record stays immutable. */
    public ArchitectureSpec {
        modules = List.copyOf(modules);
    }

    /**
     * Parses a spec.
     *
     * @throws UsageException naming the bad token and what was expected there
     */
    public static ArchitectureSpec parse(String spec) {
        String text = spec == null ? "" : spec.replace(" ", "").toLowerCase(Locale.ROOT);
        String[] tokens = text.split("-", -1);
        if (tokens.length < 2) {
            throw new UsageException("architecture '" + spec + "' needs at least the input and the class count, "
                    + "e.g. 64-128relu-10; grammar: " + GRAMMAR);
        }
        int inputs = count(tokens[0], "the first token (input features)", spec);
        int classes = count(tokens[tokens.length - 1], "the last token (number of classes)", spec);
        List<Module> modules = new ArrayList<>();
        for (int i = 1; i < tokens.length - 1; i++) {
            modules.add(module(tokens[i], spec));
        }
        return new ArchitectureSpec(text, inputs, modules, classes);
    }

    /** Appends every module and the final dense layer of {@code classes} units to {@code builder} (modified). */
    public Network.Builder appendTo(Network.Builder builder) {
        for (Module m : modules) {
            m.addTo(builder);
        }
        return builder.dense(classes);
    }

    /**
     * Checks the spec against a data set's shape.
     *
     * @throws UsageException when the first number differs from {@code features} or the last from
     *                        {@code classCount}, saying which number to write
     */
    public void requireFits(String dataName, int features, int classCount) {
        if (inputs != features) {
            throw new UsageException("--arch starts with " + inputs + " inputs but the data '" + dataName + "' has "
                    + features + " features; start the spec with " + features + " (e.g. " + features + "-128relu-"
                    + classCount + ")");
        }
        if (classes != classCount) {
            throw new UsageException("--arch ends with " + classes + " outputs but the data '" + dataName + "' has "
                    + classCount + " classes; end the spec with " + classCount);
        }
    }

    /**
     * Whether a module has a kink (a point where its slope jumps): ReLU, leaky ReLU, PReLU and maxout. The
     * hinge loss has one too, but the loss is not part of the spec.
     */
    public boolean hasKinks() {
        for (Module m : modules) {
            if (m instanceof Dense d && (d.activation() == Activation.RELU || d.activation() == Activation.LEAKYRELU
                    || d.activation() == Activation.PRELU || d.activation() == Activation.MAXOUT)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    private static Module module(String token, String spec) {
        if (token.equals("bn")) {
            return new BatchNorm();
        }
        Matcher dropout = DROPOUT.matcher(token);
        if (dropout.matches()) {
            float p = number(dropout.group(1), token, spec);
            if (!(p >= 0f && p < 1f)) {
                throw bad(token, spec, "the dropout probability must be in [0, 1), e.g. dropout0.3");
            }
            return new Dropout(p);
        }
        Matcher dense = DENSE.matcher(token);
        if (!dense.matches()) {
            throw bad(token, spec, "expected UNITS[activation], bn or dropoutP");
        }
        int units = count(dense.group(1), "token '" + token + "'", spec);
        Activation activation = activation(dense.group(2), token, spec);
        String parameter = dense.group(3);
        if (activation == Activation.MAXOUT) {
            if (parameter.isEmpty() || parameter.contains(".") || Integer.parseInt(parameter) < 2) {
                throw bad(token, spec, "maxout needs a whole number of pieces >= 2, e.g. 128maxout2");
            }
            return new Dense(units, activation, Integer.parseInt(parameter));
        }
        if (!parameter.isEmpty() && activation != Activation.LEAKYRELU) {
            throw bad(token, spec, "only leakyrelu (slope) and maxout (pieces) take a number after the name");
        }
        return new Dense(units, activation, parameter.isEmpty() ? Float.NaN : number(parameter, token, spec));
    }

    private static Activation activation(String name, String token, String spec) {
        if (name.isEmpty()) {
            return Activation.NONE;
        }
        for (Activation a : Activation.values()) {
            if (a != Activation.NONE && a.name().toLowerCase(Locale.ROOT).equals(name)) {
                return a;
            }
        }
        throw bad(token, spec, "unknown activation '" + name + "'; use relu, tanh, sigmoid, elu, prelu, leakyrelu "
                + "or maxout");
    }

    private static int count(String token, String what, String spec) {
        if (!token.matches("\\d{1,7}") || Integer.parseInt(token) < 1 || Integer.parseInt(token) > MAX_UNITS) {
            throw new UsageException("architecture '" + spec + "': " + what + " must be a whole number from 1 to "
                    + MAX_UNITS + ", was '" + token + "'; grammar: " + GRAMMAR);
        }
        return Integer.parseInt(token);
    }

    private static float number(String text, String token, String spec) {
        try {
            return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw bad(token, spec, "'" + text + "' is not a number");
        }
    }

    private static UsageException bad(String token, String spec, String why) {
        return new UsageException("architecture '" + spec + "': bad token '" + token + "': " + why + "; grammar: "
                + GRAMMAR);
    }
}
