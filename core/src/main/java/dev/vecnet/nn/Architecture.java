package dev.vecnet.nn;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network's layers written as one short string of dash-separated tokens, e.g.
 * {@code 64-128relu-bn-64relu-dropout0.3-10}: the one text form of an architecture, which the command line's
 * {@code --arch}, the Spark launcher and the Spark ML classifier's {@code hiddenLayers} all read.
 *
 * <pre>
 * spec       := inputs ("-" module)* "-" classes
 * inputs     := count                      number of input features
 * classes    := count                      number of classes (a final dense layer without activation)
 * module     := count [activation]         dense layer of count units, then the activation
 *             | count "maxout" pieces      maxout layer of count units with that many pieces
 *             | "bn"                       batch normalisation (eps 1e-5, momentum 0.1)
 *             | "dropout" p                dropout with drop probability p in [0, 1)
 * activation := "relu" | "tanh" | "sigmoid" | "elu" | "prelu" | "leakyrelu" [slope]
 * </pre>
 *
 * {@code elu} has alpha 1, {@code prelu} one shared slope, {@code leakyrelu} slope 0.01 unless given.
 * Dense and maxout layers use the network's default initialiser; the loss and L2 are not part of the text
 * ({@link #networkSpec} adds them). {@link #parseHidden} reads the modules alone (e.g. {@code 128relu-bn-64relu}),
 * for callers that take the input and class counts from the data.
 *
 * <p>The layers are {@link LayerSpec}s, so the string form is one more notation of the same vocabulary:
 * {@link #parse} turns a string into layers and {@link #text()} writes the layers back, in a canonical
 * form ({@code 4-16leakyrelu0.01-3} is written {@code 4-16leakyrelu-3}). Not every layer list has a
 * string form; the constructor rejects those that do not. Immutable and thread-safe.
 *
 * @param inputs features per example, from 1 to {@value #MAX_UNITS}
 * @param layers the layers, ending with the dense layer of one unit per class (an unmodifiable copy)
 */
public record Architecture(int inputs, List<LayerSpec> layers) {

    /** The grammar in one line, for help texts and error messages. */
    public static final String GRAMMAR = "INPUTS-[UNITS[relu|tanh|sigmoid|elu|prelu|leakyrelu[SLOPE]|maxoutPIECES]"
            + "|bn|dropoutP]...-CLASSES";
    /** The largest count (inputs, units, classes) the string form accepts. */
    public static final int MAX_UNITS = 1 << 20;

    private static final Pattern DENSE = Pattern.compile("(\\d+)([a-z]*)([0-9.]*)");
    private static final Pattern DROPOUT = Pattern.compile("dropout([0-9.]+)");

    /**
     * Copies the layers and checks that they have a string form.
     *
     * @param inputs features per example, from 1 to {@value #MAX_UNITS}
     * @param layers the layers, ending with the dense layer of one unit per class; copied
     * @throws IllegalArgumentException naming the first layer the string form cannot express
     */
    public Architecture {
        layers = List.copyOf(layers);
        render(inputs, layers);
    }

    /**
     * The layers of a network spec; its loss, L2 and initialiser are dropped.
     *
     * @param spec a spec whose layers have a string form
     * @return the architecture
     * @throws IllegalArgumentException naming the first layer the string form cannot express
     */
    public static Architecture of(NetworkSpec spec) {
        return new Architecture(spec.inputSize(), spec.layers());
    }

    /**
     * Parses a spec; case and spaces do not matter.
     *
     * @param spec the text, e.g. {@code 64-128relu-10}
     * @return the architecture
     * @throws IllegalArgumentException naming the bad token and what was expected there, or saying that the
     *                                  network would hold more parameters than one flat array
     *                                  ({@link NetworkSpec#MAX_PARAMETERS})
     */
    public static Architecture parse(String spec) {
        String text = spec == null ? "" : spec.replace(" ", "").toLowerCase(Locale.ROOT);
        String[] tokens = text.split("-", -1);
        if (tokens.length < 2) {
            throw new IllegalArgumentException("architecture '" + spec + "' needs at least the input and the class count, "
                    + "e.g. 64-128relu-10; grammar: " + GRAMMAR);
        }
        int inputs = count(tokens[0], "the first token (input features)", spec);
        int classes = count(tokens[tokens.length - 1], "the last token (number of classes)", spec);
        List<LayerSpec> layers = modules(tokens, 1, tokens.length - 1, spec);
        layers.add(new LayerSpec.Dense(classes));
        try {
            // the library's own size rule: the parameters must fit one flat array
            new NetworkSpec(inputs, layers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("architecture '" + spec + "': " + e.getMessage(), e);
        }
        return new Architecture(inputs, layers);
    }

    /**
     * Parses hidden modules alone, without the input and class counts: {@code 128relu-bn-64relu} is the middle of
     * {@code INPUTS-128relu-bn-64relu-CLASSES}. Case and spaces do not matter; blank text is no module.
     *
     * @param modules the modules, e.g. {@code 128relu-dropout0.2-64tanh}, or blank
     * @return the layers, modifiable, in order
     * @throws IllegalArgumentException naming the bad token and what was expected there
     */
    public static List<LayerSpec> parseHidden(String modules) {
        String text = modules == null ? "" : modules.replace(" ", "").toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            return new ArrayList<>();
        }
        String[] tokens = text.split("-", -1);
        return modules(tokens, 0, tokens.length, modules);
    }

    /**
     * An architecture of hidden modules between the data's inputs and classes.
     *
     * @param inputs  features per example
     * @param modules the hidden modules as {@link #parseHidden} reads them
     * @param classes the number of classes: the output layer's units
     * @return the architecture {@code inputs-modules-classes}
     * @throws IllegalArgumentException for a bad module or count, or a network too large for one flat array
     */
    public static Architecture ofHidden(int inputs, String modules, int classes) {
        String hidden = modules == null ? "" : modules.replace(" ", "");
        return parse(inputs + "-" + (hidden.isEmpty() ? "" : hidden + "-") + classes);
    }

    private static List<LayerSpec> modules(String[] tokens, int from, int to, String spec) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = from; i < to; i++) {
            try {
                module(tokens[i], spec, layers);
            } catch (BadToken e) {
                throw e;
            } catch (IllegalArgumentException e) {
                // a layer's own check (such as dropout's p), reported in the grammar's terms
                throw bad(tokens[i], spec, e.getMessage());
            }
        }
        return layers;
    }

    /**
     * The network of these layers with a loss, L2 strength and default initialiser.
     *
     * @param loss the loss
     * @param l2   the L2 strength, {@code >= 0}
     * @param init the initialiser of layers without their own
     * @return a new spec
     */
    public NetworkSpec networkSpec(Loss loss, float l2, Init init) {
        return new NetworkSpec(inputs, layers, loss, l2, init);
    }

    /**
     * Parameter floats a network of these layers holds.
     *
     * @return the count, at most {@link NetworkSpec#MAX_PARAMETERS} for a parsed spec
     */
    public long parameterCount() {
        return new NetworkSpec(inputs, layers).parameterCount();
    }

    /**
     * Features going into each layer, and after the last ({@link NetworkSpec#inputSizes}).
     *
     * @return a new array of {@code layers().size() + 1} widths
     */
    public int[] widths() {
        return new NetworkSpec(inputs, layers).inputSizes();
    }

    /**
     * The last number: output units, one per class.
     *
     * @return the class count
     */
    public int classes() {
        // The constructor checked that the last layer is dense.
        return ((LayerSpec.Dense) layers.get(layers.size() - 1)).units();
    }

    /**
     * The spec in its canonical string form.
     *
     * @return e.g. {@code 64-128relu-10}
     */
    public String text() {
        return render(inputs, layers);
    }

    /**
     * Whether a module has a kink (a point where its slope jumps): ReLU, leaky ReLU, PReLU and maxout. The
     * hinge loss has one too, but the loss is not part of the spec.
     *
     * @return true when a layer has a kink
     */
    public boolean hasKinks() {
        for (LayerSpec layer : layers) {
            if (layer instanceof LayerSpec.Relu || layer instanceof LayerSpec.LeakyRelu
                    || layer instanceof LayerSpec.PRelu || layer instanceof LayerSpec.Maxout) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text();
    }

    /** Appends the layers of one module token to {@code layers} (modified). */
    private static void module(String token, String spec, List<LayerSpec> layers) {
        if (token.equals("bn")) {
            layers.add(new LayerSpec.BatchNorm());
            return;
        }
        Matcher dropout = DROPOUT.matcher(token);
        if (dropout.matches()) {
            layers.add(new LayerSpec.Dropout(number(dropout.group(1), token, spec)));
            return;
        }
        Matcher dense = DENSE.matcher(token);
        if (!dense.matches()) {
            throw bad(token, spec, "expected UNITS[activation], bn or dropoutP");
        }
        int units = count(dense.group(1), "token '" + token + "'", spec);
        String name = dense.group(2);
        String parameter = dense.group(3);
        if (name.equals("maxout")) {
            if (!parameter.matches("\\d{1,9}")) {
                throw bad(token, spec, "maxout needs a whole number of pieces >= 2, e.g. 128maxout2");
            }
            layers.add(new LayerSpec.Maxout(units, Integer.parseInt(parameter)));
            return;
        }
        if (!parameter.isEmpty() && !name.equals("leakyrelu")) {
            throw bad(token, spec, "only leakyrelu (slope) and maxout (pieces) take a number after the name");
        }
        layers.add(new LayerSpec.Dense(units));
        switch (name) {
            case "" -> {
            }
            case "relu" -> layers.add(new LayerSpec.Relu());
            case "tanh" -> layers.add(new LayerSpec.Tanh());
            case "sigmoid" -> layers.add(new LayerSpec.Sigmoid());
            case "elu" -> layers.add(new LayerSpec.Elu());
            case "prelu" -> layers.add(new LayerSpec.PRelu());
            case "leakyrelu" -> layers.add(parameter.isEmpty() ? new LayerSpec.LeakyRelu()
                    : new LayerSpec.LeakyRelu(number(parameter, token, spec)));
            default -> throw bad(token, spec, "unknown activation '" + name + "'; use relu, tanh, sigmoid, elu, prelu, "
                    + "leakyrelu or maxout");
        }
    }

    /**
     * The string form of {@code layers} after {@code inputs} features.
     *
     * @throws IllegalArgumentException naming the first layer it cannot express
     */
    private static String render(int inputs, List<LayerSpec> layers) {
        StringBuilder sb = new StringBuilder(units("inputs", inputs));
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense)) {
            throw new IllegalArgumentException("the string form ends with a dense layer of one unit per class, "
                    + "but the layers end with " + (layers.isEmpty() ? "nothing" : layers.get(layers.size() - 1)));
        }
        int i = 0;
        while (i < layers.size()) {
            LayerSpec layer = layers.get(i);
            LayerSpec next = i + 1 < layers.size() ? layers.get(i + 1) : null;
            sb.append('-');
            if (layer instanceof LayerSpec.Dense d && d.init() == null) {
                String activation = next == null ? "" : activation(next);
                sb.append(units("dense units", d.units())).append(activation);
                i += activation.isEmpty() ? 1 : 2;
                continue;
            }
            if (layer instanceof LayerSpec.Maxout m && m.init() == null) {
                sb.append(units("maxout units", m.units())).append("maxout").append(m.pieces());
            } else if (layer.equals(new LayerSpec.BatchNorm())) {
                sb.append("bn");
            } else if (layer instanceof LayerSpec.Dropout d && plain(d.p()) != null) {
                sb.append("dropout").append(plain(d.p()));
            } else {
                throw new IllegalArgumentException("layer " + i + ", " + layer + ", has no string form (there: dense "
                        + "and maxout without their own initialiser, each activation right after a dense layer, "
                        + "elu with alpha 1, prelu shared, leakyrelu with a slope >= 0, batch norm with default "
                        + "settings, dropout)");
            }
            i++;
        }
        return sb.toString();
    }

    /** The token suffix of an activation after a dense layer, or "" when it has none. */
    private static String activation(LayerSpec layer) {
        if (layer instanceof LayerSpec.Relu) {
            return "relu";
        }
        if (layer instanceof LayerSpec.Tanh) {
            return "tanh";
        }
        if (layer instanceof LayerSpec.Sigmoid) {
            return "sigmoid";
        }
        if (layer.equals(new LayerSpec.Elu())) {
            return "elu";
        }
        if (layer.equals(new LayerSpec.PRelu())) {
            return "prelu";
        }
        if (layer.equals(new LayerSpec.LeakyRelu())) {
            return "leakyrelu";
        }
        if (layer instanceof LayerSpec.LeakyRelu l && plain(l.slope()) != null) {
            return "leakyrelu" + plain(l.slope());
        }
        return "";
    }

    /** {@code x} without exponent or sign, parsing back to the same float; null when negative (or -0). */
    private static String plain(float x) {
        String text = Float.toString(x);
        return text.startsWith("-") ? null : new BigDecimal(text).stripTrailingZeros().toPlainString();
    }

    private static String units(String what, int count) {
        if (count < 1 || count > MAX_UNITS) {
            throw new IllegalArgumentException(what + " must be in [1, " + MAX_UNITS + "] in the string form, was "
                    + count);
        }
        return Integer.toString(count);
    }

    private static int count(String token, String what, String spec) {
        if (!token.matches("\\d{1,7}") || Integer.parseInt(token) < 1 || Integer.parseInt(token) > MAX_UNITS) {
            throw new BadToken("architecture '" + spec + "': " + what + " must be a whole number from 1 to "
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

    private static BadToken bad(String token, String spec, String why) {
        return new BadToken("architecture '" + spec + "': bad token '" + token + "': " + why + "; grammar: "
                + GRAMMAR);
    }

    /** A token the grammar refuses, already worded for the user. */
    private static final class BadToken extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadToken(String message) {
            super(message);
        }
    }
}
