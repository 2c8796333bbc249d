package dev.vecnet.format;

import dev.vecnet.nn.BuildOptions;
import dev.vecnet.nn.Init;
import dev.vecnet.nn.LayerSpec;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.NetworkSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes a {@link NetworkSpec} and the {@link BuildOptions} it was built with as a JSON string for the
 * {@code vecnet.architecture} metadata entry, and decodes them back (see docs/model-format.md):
 *
 * <pre>{"input": 3, "modules": [{"type": "dense", "units": 4}, {"type": "relu"}, ...],
 *  "loss": "softmax_cross_entropy", "l2": 0.0, "init": "HE_NORMAL",
 *  "max_batch": 64, "fuse": true, "check_inputs": true}</pre>
 *
 * <p>One module per {@link LayerSpec}, which is one {@code nn.Sequential} entry (a fused dense + ReLU is
 * two), so module {@code i} owns the tensors named {@code i.*}. Module types: {@code dense} (units,
 * init), {@code maxout} (units, pieces, init), {@code sigmoid}, {@code tanh}, {@code relu},
 * {@code leaky_relu} (slope), {@code elu} (alpha), {@code prelu} (per_feature), {@code batchnorm} (eps,
 * momentum), {@code dropout} (p). A module's {@code init} is written only when the layer names its own
 * initialiser; the top-level {@code init} is the network's default. Files written before the top-level
 * {@code init} existed lack it and name every dense layer's initialiser: they decode with the default
 * {@link Init#HE_NORMAL}. Floats are written with {@link Float#toString} and read with
 * {@link Float#parseFloat}, so they round-trip exactly.
 *
 * <p>Decoding is strict: an unknown or repeated field is refused with the field named, every float must
 * be finite and every setting in the range its {@link LayerSpec} constructor accepts, and sizes are
 * bounded so that what a file asks for stays proportional to what it holds: at most
 * {@link #MAX_MODULES} modules, layers at most {@link #MAX_WIDTH} wide, at most
 * {@link #MAX_ACTIVATIONS} activation floats per example, and the JSON itself at most
 * {@link #MAX_JSON_VALUES} values. Stateless; thread-safe.
 */
final class ArchitectureCodec {
    /** Largest {@code max_batch} a file may ask for (it sizes buffers). */
    public static final int MAX_BATCH_LIMIT = 1 << 20;
    /** Most modules an architecture may list. */
    public static final int MAX_MODULES = 4096;
    /**
     * Widest layer a file may describe, input included: 2^24 features (64 MiB of floats per example).
     * Every width of a network with dense layers is also bounded by its weights, which the file must hold;
     * this limit bounds the widths no tensor implies, such as the input of a network without parameters.
     */
    public static final int MAX_WIDTH = 1 << 24;
    /**
     * Most activation floats per example a file may describe: the input plus every module's output (a
     * maxout module also counts its {@code units * pieces} linear outputs), 2^26 floats (256 MiB).
     */
    public static final long MAX_ACTIVATIONS = 1L << 26;
    /**
     * Most JSON values and keys an architecture may hold: 16 per module and 64 more, more than the fields
     * of {@link #MAX_MODULES} modules need, and few enough that the parsed tree stays small.
     */
    public static final int MAX_JSON_VALUES = 16 * MAX_MODULES + 64;
    /** Top-level fields; {@code init} is optional (older files lack it). */
    private static final Set<String> TOP_FIELDS = Set.of("input", "modules", "loss", "l2", "init", "max_batch", "fuse",
            "check_inputs");
    /** The default initialiser of files that do not name one. */
    private static final Init LEGACY_DEFAULT_INIT = Init.HE_NORMAL;

    private ArchitectureCodec() {
    }

    /** {@code spec} and {@code options} as a JSON object. */
    public static String encode(NetworkSpec spec, BuildOptions options) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"input\":").append(spec.inputSize()).append(",\"modules\":[");
        String sep = "";
        for (LayerSpec layer : spec.layers()) {
            sb.append(sep).append("{\"type\":");
            sep = ",";
            appendModule(sb, layer);
            sb.append('}');
        }
        sb.append("],\"loss\":").append(JsonParser.quote(spec.loss().name())).append(",\"l2\":").append(Float.toString(spec.l2()))
                .append(",\"init\":\"").append(spec.init().name()).append('"')
                .append(",\"max_batch\":").append(options.maxBatch()).append(",\"fuse\":").append(options.fuse())
                .append(",\"check_inputs\":").append(options.checkInputs()).append('}');
        return sb.toString();
    }

    /** Appends the type and the settings of one module, without the braces. */
    private static void appendModule(StringBuilder sb, LayerSpec layer) {
        if (layer instanceof LayerSpec.Dense d) {
            sb.append("\"dense\",\"units\":").append(d.units());
            init(sb, d.init());
        } else if (layer instanceof LayerSpec.Maxout m) {
            sb.append("\"maxout\",\"units\":").append(m.units()).append(",\"pieces\":").append(m.pieces());
            init(sb, m.init());
        } else if (layer instanceof LayerSpec.Sigmoid) {
            sb.append("\"sigmoid\"");
        } else if (layer instanceof LayerSpec.Tanh) {
            sb.append("\"tanh\"");
        } else if (layer instanceof LayerSpec.Relu) {
            sb.append("\"relu\"");
        } else if (layer instanceof LayerSpec.LeakyRelu l) {
            sb.append("\"leaky_relu\",\"slope\":").append(Float.toString(l.slope()));
        } else if (layer instanceof LayerSpec.Elu e) {
            sb.append("\"elu\",\"alpha\":").append(Float.toString(e.alpha()));
        } else if (layer instanceof LayerSpec.PRelu p) {
            sb.append("\"prelu\",\"per_feature\":").append(p.perFeature());
        } else if (layer instanceof LayerSpec.BatchNorm b) {
            sb.append("\"batchnorm\",\"eps\":").append(Float.toString(b.eps())).append(",\"momentum\":")
                    .append(Float.toString(b.momentum()));
        } else if (layer instanceof LayerSpec.Dropout d) {
            sb.append("\"dropout\",\"p\":").append(Float.toString(d.p()));
        } else {
            throw new AssertionError("no model-file encoding for " + layer);
        }
    }

    private static void init(StringBuilder sb, Init init) {
        if (init != null) {
            sb.append(",\"init\":\"").append(init.name()).append('"');
        }
    }

    /**
     * Decodes {@code json}, checking every field, and returns the spec and options with the number of
     * parameter floats the network will hold, so that a caller can compare it with the data present
     * before building (allocating) anything.
     */
    public static Decoded decode(String json) throws ModelFormatException {
        Object root = JsonParser.parse(json, json.length(), MAX_JSON_VALUES, "architecture JSON");
        Map<String, Object> top = object(root, "architecture");
        onlyFields(top, "architecture", TOP_FIELDS);
        int input = (int) integer(top, "input", "architecture", 1, MAX_WIDTH);
        List<Object> modules = list(top.get("modules"), "architecture.modules");
        if (modules.isEmpty()) {
            throw new ModelFormatException("architecture.modules is empty");
        }
        if (modules.size() > MAX_MODULES) {
            throw new ModelFormatException("architecture.modules lists " + modules.size() + " modules, more than the limit of "
                    + MAX_MODULES);
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < modules.size(); i++) {
            String where = "architecture.modules[" + i + "]";
            try {
                layers.add(layer(object(modules.get(i), where), where));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(where + ": " + e.getMessage());
            }
        }
        try {
            Init init = top.containsKey("init") ? init(top, "architecture") : LEGACY_DEFAULT_INIT;
            Loss loss = Loss.named(JsonParser.excerpt(string(top, "loss", "architecture")));
            NetworkSpec spec = new NetworkSpec(input, layers, loss, number(top, "l2", "architecture"), init);
            checkActivations(spec);
            BuildOptions options = new BuildOptions(0, (int) integer(top, "max_batch", "architecture", 1, MAX_BATCH_LIMIT),
                    bool(top, "fuse", "architecture"), bool(top, "check_inputs", "architecture"));
            return new Decoded(spec, options, spec.parameterCount());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("architecture: " + e.getMessage());
        } catch (ArithmeticException e) {
            throw new ModelFormatException("architecture: parameter count overflows");
        }
    }

    /**
     * Refuses a network that a model file cannot describe: more than {@link #MAX_MODULES} modules, an input or a
     * layer wider than {@link #MAX_WIDTH}, or more than {@link #MAX_ACTIVATIONS} activation floats per example.
     */
    static void requireWithinLimits(NetworkSpec spec) throws ModelFormatException {
        if (spec.layers().size() > MAX_MODULES) {
            throw new ModelFormatException("the network has " + spec.layers().size() + " modules, more than the limit of "
                    + MAX_MODULES);
        }
        int[] sizes = spec.inputSizes();
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] > MAX_WIDTH) {
                throw new ModelFormatException((i == 0 ? "the input" : "module " + (i - 1)) + " is " + sizes[i]
                        + " wide, more than the limit of " + MAX_WIDTH);
            }
        }
        checkActivations(spec);
    }

    /** Refuses more than {@link #MAX_ACTIVATIONS} activation floats per example. */
    private static void checkActivations(NetworkSpec spec) throws ModelFormatException {
        int[] sizes = spec.inputSizes();
        long floats = sizes[0];
        for (int i = 0; i < spec.layers().size(); i++) {
            floats += sizes[i + 1];
            if (spec.layers().get(i) instanceof LayerSpec.Maxout m) {
                floats += (long) m.units() * m.pieces();
            }
        }
        if (floats > MAX_ACTIVATIONS) {
            throw new ModelFormatException("architecture: " + floats
                    + " activation floats per example, more than the limit of " + MAX_ACTIVATIONS);
        }
    }

    /** One module; a bad setting throws {@link IllegalArgumentException} from the spec's constructor. */
    private static LayerSpec layer(Map<String, Object> m, String where) throws ModelFormatException {
        Object type = m.get("type");
        if (!(type instanceof String)) {
            throw new ModelFormatException(where + ".type missing or not a string");
        }
        switch ((String) type) {
            case "dense":
                onlyFields(m, where, "type", "units", "init");
                return new LayerSpec.Dense((int) integer(m, "units", where, 1, MAX_WIDTH), optionalInit(m, where));
            case "maxout":
                onlyFields(m, where, "type", "units", "pieces", "init");
                int units = (int) integer(m, "units", where, 1, MAX_WIDTH);
                int pieces = (int) integer(m, "pieces", where, 2, MAX_WIDTH);
                if ((long) units * pieces > MAX_WIDTH) {
                    throw new ModelFormatException(where + ": units * pieces = " + (long) units * pieces
                            + " is more than the limit of " + MAX_WIDTH);
                }
                return new LayerSpec.Maxout(units, pieces, optionalInit(m, where));
            case "sigmoid":
                onlyFields(m, where, "type");
                return new LayerSpec.Sigmoid();
            case "tanh":
                onlyFields(m, where, "type");
                return new LayerSpec.Tanh();
            case "relu":
                onlyFields(m, where, "type");
                return new LayerSpec.Relu();
            case "leaky_relu":
                onlyFields(m, where, "type", "slope");
                return new LayerSpec.LeakyRelu(number(m, "slope", where));
            case "elu":
                onlyFields(m, where, "type", "alpha");
                return new LayerSpec.Elu(number(m, "alpha", where));
            case "prelu":
                onlyFields(m, where, "type", "per_feature");
                return new LayerSpec.PRelu(bool(m, "per_feature", where));
            case "batchnorm":
                onlyFields(m, where, "type", "eps", "momentum");
                return new LayerSpec.BatchNorm(number(m, "eps", where), number(m, "momentum", where));
            case "dropout":
                onlyFields(m, where, "type", "p");
                return new LayerSpec.Dropout(number(m, "p", where));
            default:
                throw new ModelFormatException(where + ": unknown module type '" + JsonParser.excerpt((String) type) + "'");
        }
    }

    private static void onlyFields(Map<String, Object> m, String where, String... allowed) throws ModelFormatException {
        onlyFields(m, where, Set.of(allowed));
    }

    /** Refuses the first field not in {@code allowed}, naming it (repeated fields the parser refuses). */
    private static void onlyFields(Map<String, Object> m, String where, Set<String> allowed) throws ModelFormatException {
        for (String key : m.keySet()) {
            if (!allowed.contains(key)) {
                throw new ModelFormatException(where + ": unknown field '" + JsonParser.excerpt(key) + "'");
            }
        }
    }

    private static Init optionalInit(Map<String, Object> m, String where) throws ModelFormatException {
        return m.containsKey("init") ? init(m, where) : null;
    }

    private static Init init(Map<String, Object> m, String where) throws ModelFormatException {
        String name = string(m, "init", where);
        try {
            return Init.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(where + ".init: unknown initialiser '" + JsonParser.excerpt(name) + "'");
        }
    }

    /**
     * A decoded architecture.
     *
     * @param spec       what the network is
     * @param options    how it was built; the seed is not stored and is 0
     * @param parameters floats the built network's parameters will hold
     */
    public record Decoded(NetworkSpec spec, BuildOptions options, long parameters) {
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String where) throws ModelFormatException {
        if (!(v instanceof Map)) {
            throw new ModelFormatException(where + " is not a JSON object");
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object v, String where) throws ModelFormatException {
        if (!(v instanceof List)) {
            throw new ModelFormatException(where + " is missing or not an array");
        }
        return new ArrayList<>((List<Object>) v);
    }

    private static long integer(Map<String, Object> m, String key, String where, long min, long max)
            throws ModelFormatException {
        Object v = m.get(key);
        if (!(v instanceof JsonParser.JsonNumber)) {
            throw new ModelFormatException(where + "." + key + " is missing or not a number");
        }
        String text = ((JsonParser.JsonNumber) v).text();
        long x;
        try {
            // Longer than any long: refused without parsing (the parser's exception would quote it all).
            if (text.length() > 20) {
                throw new NumberFormatException();
            }
            x = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ModelFormatException(where + "." + key + " is not an integer: "
                    + JsonParser.excerpt(((JsonParser.JsonNumber) v).text()));
        }
        if (x < min || x > max) {
            throw new ModelFormatException(where + "." + key + " = " + x + " is outside [" + min + ", " + max + "]");
        }
        return x;
    }

    private static float number(Map<String, Object> m, String key, String where) throws ModelFormatException {
        Object v = m.get(key);
        if (!(v instanceof JsonParser.JsonNumber)) {
            throw new ModelFormatException(where + "." + key + " is missing or not a number");
        }
        String text = ((JsonParser.JsonNumber) v).text();
        float x = Float.parseFloat(text);
        if (!Float.isFinite(x)) {
            throw new ModelFormatException(where + "." + key + " = " + JsonParser.excerpt(text) + " is not a finite float");
        }
        return x;
    }

    private static String string(Map<String, Object> m, String key, String where) throws ModelFormatException {
        Object v = m.get(key);
        if (!(v instanceof String)) {
            throw new ModelFormatException(where + "." + key + " is missing or not a string");
        }
        return (String) v;
    }

    private static boolean bool(Map<String, Object> m, String key, String where) throws ModelFormatException {
        Object v = m.get(key);
        if (!(v instanceof Boolean)) {
            throw new ModelFormatException(where + "." + key + " is missing or not a boolean");
        }
        return (Boolean) v;
    }
}
