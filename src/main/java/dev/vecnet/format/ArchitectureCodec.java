package dev.vecnet.format;

import dev.vecnet.kernel.Epilogue;
import dev.vecnet.nn.Activation;
import dev.vecnet.nn.BatchNorm;
import dev.vecnet.nn.Dense;
import dev.vecnet.nn.Dropout;
import dev.vecnet.nn.Init;
import dev.vecnet.nn.Layer;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Maxout;
import dev.vecnet.nn.Network;
import dev.vecnet.nn.PRelu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Encodes a network's architecture as a JSON string for the {@code vecnet.architecture} metadata entry,
 * and decodes it back into a {@link Network.Builder} (see docs/model-format.md for the schema):
 *
 * <pre>{"input": 3, "modules": [{"type": "dense", "units": 4, "init": "HE_NORMAL"}, {"type": "relu"}, ...],
 *  "loss": "softmax_cross_entropy", "l2": 0.0, "max_batch": 64, "fuse": true, "check_inputs": true}</pre>
 *
 * <p>One module per {@code nn.Sequential} entry: a fused dense + ReLU is written as two modules, so
 * module {@code i} owns the tensors named {@code i.*}. Module types: {@code dense} (units, init),
 * {@code maxout} (units, pieces), {@code sigmoid}, {@code tanh}, {@code relu}, {@code leaky_relu}
 * (slope), {@code elu} (alpha), {@code prelu} (per_feature), {@code batchnorm} (eps, momentum),
 * {@code dropout} (p). Floats are written with {@link Float#toString} and read with
 * {@link Float#parseFloat}, so they round-trip exactly. Stateless; thread-safe.
 */
public final class ArchitectureCodec {
    /** Largest {@code max_batch} a file may ask for (it sizes buffers). */
    public static final int MAX_BATCH_LIMIT = 1 << 20;

    private ArchitectureCodec() {
    }

    /** The architecture of {@code net} as a JSON object. */
    public static String encode(Network net) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"input\":").append(net.inputSize()).append(",\"modules\":[");
        List<Layer> layers = net.layers();
        boolean fuse = true;
        String sep = "";
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            sb.append(sep);
            sep = ",";
            if (layer instanceof Dense) {
                Dense d = (Dense) layer;
                sb.append("{\"type\":\"dense\",\"units\":").append(d.outputSize()).append(",\"init\":\"")
                        .append(d.init().name()).append("\"}");
                if (d.activation() == Epilogue.RELU) {
                    sb.append(",{\"type\":\"relu\"}");
                } else if (d.activation() == Epilogue.LEAKY_RELU) {
                    sb.append(",{\"type\":\"leaky_relu\",\"slope\":").append(Float.toString(d.slope())).append('}');
                } else if (i + 1 < layers.size() && layers.get(i + 1) instanceof Activation
                        && fusable((Activation) layers.get(i + 1))) {
                    fuse = false;
                }
            } else if (layer instanceof Maxout) {
                Maxout m = (Maxout) layer;
                sb.append("{\"type\":\"maxout\",\"units\":").append(m.outputSize()).append(",\"pieces\":")
                        .append(m.pieces()).append('}');
            } else if (layer instanceof Activation) {
                Activation a = (Activation) layer;
                switch (a.kind()) {
                    case LEAKY_RELU:
                        sb.append("{\"type\":\"leaky_relu\",\"slope\":").append(Float.toString(a.parameter())).append('}');
                        break;
                    case ELU:
                        sb.append("{\"type\":\"elu\",\"alpha\":").append(Float.toString(a.parameter())).append('}');
                        break;
                    default:
                        sb.append("{\"type\":\"").append(a.kind().name().toLowerCase(java.util.Locale.ROOT)).append("\"}");
                        break;
                }
            } else if (layer instanceof PRelu) {
                sb.append("{\"type\":\"prelu\",\"per_feature\":").append(((PRelu) layer).perFeature()).append('}');
            } else if (layer instanceof BatchNorm) {
                BatchNorm b = (BatchNorm) layer;
                sb.append("{\"type\":\"batchnorm\",\"eps\":").append(Float.toString(b.eps())).append(",\"momentum\":")
                        .append(Float.toString(b.momentum())).append('}');
            } else if (layer instanceof Dropout) {
                sb.append("{\"type\":\"dropout\",\"p\":").append(Float.toString(((Dropout) layer).p())).append('}');
            } else {
                throw new IllegalArgumentException("no model-file encoding for layer " + layer.describe());
            }
        }
        sb.append("],\"loss\":").append(JsonParser.quote(net.loss().name())).append(",\"l2\":").append(Float.toString(net.l2()))
                .append(",\"max_batch\":").append(net.maxBatch()).append(",\"fuse\":").append(fuse)
                .append(",\"check_inputs\":").append(net.checksInputs()).append('}');
        return sb.toString();
    }

    private static boolean fusable(Activation a) {
        return a.kind() == Activation.Kind.RELU || (a.kind() == Activation.Kind.LEAKY_RELU && a.parameter() > 0f);
    }

    /**
     * Decodes {@code json} into a builder, checking every field, and returns the builder with the number
     * of parameter floats the network will hold, so that a caller can compare it with the data present
     * before building (allocating) anything.
     */
    public static Decoded decode(String json) throws ModelFormatException {
        Object root = JsonParser.parse(json, json.length());
        Map<String, Object> top = object(root, "architecture");
        long input = integer(top, "input", "architecture", 1, Integer.MAX_VALUE);
        Network.Builder b = Network.builder((int) input);
        List<Object> modules = list(top.get("modules"), "architecture.modules");
        if (modules.isEmpty()) {
            throw new ModelFormatException("architecture.modules is empty");
        }
        long width = input;
        long parameters = 0;
        try {
            for (int i = 0; i < modules.size(); i++) {
                String where = "architecture.modules[" + i + "]";
                Map<String, Object> m = object(modules.get(i), where);
                Object type = m.get("type");
                if (!(type instanceof String)) {
                    throw new ModelFormatException(where + ".type missing or not a string");
                }
                switch ((String) type) {
                    case "dense": {
                        long units = integer(m, "units", where, 1, Integer.MAX_VALUE);
                        Init init = Init.HE_NORMAL;
                        if (m.containsKey("init")) {
                            try {
                                init = Init.valueOf(string(m, "init", where));
                            } catch (IllegalArgumentException e) {
                                throw new ModelFormatException(where + ".init: unknown initialiser");
                            }
                        }
                        parameters = Math.addExact(parameters, Math.multiplyExact(units, width + 1));
                        b.dense((int) units, init);
                        width = units;
                        break;
                    }
                    case "maxout": {
                        long units = integer(m, "units", where, 1, Integer.MAX_VALUE);
                        long pieces = integer(m, "pieces", where, 2, Integer.MAX_VALUE);
                        parameters = Math.addExact(parameters, Math.multiplyExact(Math.multiplyExact(units, pieces), width + 1));
                        b.maxout((int) units, (int) pieces);
                        width = units;
                        break;
                    }
                    case "sigmoid":
                        b.sigmoid();
                        break;
                    case "tanh":
                        b.tanh();
                        break;
                    case "relu":
                        b.relu();
                        break;
                    case "leaky_relu":
                        b.leakyRelu(number(m, "slope", where));
                        break;
                    case "elu":
                        b.elu(number(m, "alpha", where));
                        break;
                    case "prelu": {
                        boolean perFeature = bool(m, "per_feature", where);
                        parameters = Math.addExact(parameters, perFeature ? width : 1);
                        b.prelu(perFeature);
                        break;
                    }
                    case "batchnorm":
                        parameters = Math.addExact(parameters, Math.multiplyExact(4, width));
                        b.batchNorm(number(m, "eps", where), number(m, "momentum", where));
                        break;
                    case "dropout":
                        b.dropout(number(m, "p", where));
                        break;
                    default:
                        throw new ModelFormatException(where + ": unknown module type '" + type + "'");
                }
            }
            b.loss(Loss.named(string(top, "loss", "architecture")));
            b.l2(number(top, "l2", "architecture"));
            b.maxBatch((int) integer(top, "max_batch", "architecture", 1, MAX_BATCH_LIMIT));
            b.fuse(bool(top, "fuse", "architecture"));
            b.checkInputs(bool(top, "check_inputs", "architecture"));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("architecture: " + e.getMessage());
        } catch (ArithmeticException e) {
            throw new ModelFormatException("architecture: parameter count overflows");
        }
        return new Decoded(b, parameters);
    }

    /**
     * A decoded architecture.
     *
     * @param builder    configured builder (nothing allocated yet)
     * @param parameters floats the built network's parameters will hold
     */
    public record Decoded(Network.Builder builder, long parameters) {
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
        if (!(v instanceof JsonParser.Number)) {
            throw new ModelFormatException(where + "." + key + " is missing or not a number");
        }
        long x;
        try {
            x = Long.parseLong(((JsonParser.Number) v).text());
        } catch (NumberFormatException e) {
            throw new ModelFormatException(where + "." + key + " is not an integer: " + ((JsonParser.Number) v).text());
        }
        if (x < min || x > max) {
            throw new ModelFormatException(where + "." + key + " = " + x + " is outside [" + min + ", " + max + "]");
        }
        return x;
    }

    private static float number(Map<String, Object> m, String key, String where) throws ModelFormatException {
        Object v = m.get(key);
        if (!(v instanceof JsonParser.Number)) {
            throw new ModelFormatException(where + "." + key + " is missing or not a number");
        }
        return Float.parseFloat(((JsonParser.Number) v).text());
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
