package dev.vecnet.format;

import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fills a network's parameters and buffers from a plain PyTorch state dict in safetensors form, with the
 * semantics of PyTorch's {@code load_state_dict(strict=True)}: every tensor of the network must be in the
 * file, and every tensor of the file (after {@link StateDictOptions#networkName name mapping}) must belong to
 * the network. Metadata, vecnet's included, is ignored.
 *
 * <p>Three passes, and the network is written only after all of them succeed, so that a failure leaves it
 * unchanged:
 * <ol>
 *   <li>names: every missing tensor, every unexpected one and every two file tensors mapped to one name,
 *       all in one {@link ModelFormatException};</li>
 *   <li>dtypes and shapes: float tensors F32, F64, F16 or BF16, {@code num_batches_tracked} I64; shapes as
 *       PyTorch's ({@code [out, in]} weights, {@code []} counters), all mismatches in one exception;</li>
 *   <li>values, converted to float32 into a staging copy of the parameters ({@link TensorConversion}): no
 *       NaN or infinity unless allowed, BatchNorm variances {@code >= 0} (and not NaN, whatever the options)
 *       and counters {@code >= 0}.</li>
 * </ol>
 * The file's byte ranges are validated by {@link SafetensorsReader} and every shape is checked against the
 * network's before a value is read; the only allocation is the staging copy, sized by the network. Stateless;
 * thread-safe for distinct networks.
 */
final class StateDictLoader {
    private static final String RUNNING_VAR = "running_var";
    private static final String BATCHES_TRACKED = "num_batches_tracked";

    /**
     * Dot-separated names in reading order: numeric parts by value ({@code 2.weight} before
     * {@code 10.weight}), other parts as strings, a number before a word.
     */
    static final Comparator<String> NAME_ORDER = (a, b) -> {
        String[] x = a.split("\\.", -1);
        String[] y = b.split("\\.", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = comparePart(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    /**
     * One tensor the network owns.
     *
     * @param name    its {@code nn.Sequential} name
     * @param shape   PyTorch's shape
     * @param tensor  the parameter view, or null for a BatchNorm counter
     * @param counter the BatchNorm layer's index among BatchNorm layers, for a counter; else -1
     */
    private record Slot(String name, long[] shape, ParameterTensor tensor, int counter) {
    }

    private StateDictLoader() {
    }

    /**
     * Validates {@code file} against {@code net} and, when it fits, writes every parameter, running statistic
     * and {@code num_batches_tracked} into {@code net} (modified) and calls {@link Network#parametersChanged()}.
     * The caller must not use {@code net} on another thread meanwhile.
     *
     * @throws ModelFormatException naming every problem found in the failing pass; {@code net} is then
     *                              unchanged
     */
    static void load(byte[] file, Network net, StateDictOptions options) throws ModelFormatException {
        if (file.length > options.maxBytes()) {
            throw new ModelFormatException("file of " + file.length + " bytes exceeds the limit of " + options.maxBytes());
        }
        SafetensorsFile st = SafetensorsReader.parse(file);
        List<Slot> slots = slots(net);
        Map<String, SafetensorsFile.Tensor> matched = matchNames(st, slots, options);
        checkTypes(slots, matched);
        float[] staged = net.parameters().values().clone();
        long[] tracked = net.batchesTracked();
        List<String> problems = new ArrayList<>();
        for (Slot slot : slots) {
            SafetensorsFile.Tensor t = matched.get(slot.name());
            String problem = slot.tensor() == null ? readCounter(st, t, slot, tracked)
                    : readValues(st, t, slot, staged, options);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new ModelFormatException("state dict values refused: " + String.join("; ", problems));
        }
        System.arraycopy(staged, 0, net.parameters().values(), 0, staged.length);
        net.setBatchesTracked(tracked);
        net.parametersChanged();
    }

    /** The network's tensors in parameter order, each BatchNorm counter after its layer's running variance. */
    private static List<Slot> slots(Network net) {
        List<Slot> slots = new ArrayList<>();
        int counters = 0;
        for (ParameterTensor p : net.parameters().tensors()) {
            int[] shape = p.shape();
            slots.add(new Slot(p.name(), Arrays.stream(shape).asLongStream().toArray(), p, -1));
            if (p.name().endsWith("." + RUNNING_VAR)) {
                String prefix = p.name().substring(0, p.name().length() - RUNNING_VAR.length());
                slots.add(new Slot(prefix + BATCHES_TRACKED, new long[0], null, counters++));
            }
        }
        return slots;
    }

    /**
     * The file's tensors by network name, one per slot.
     *
     * @throws ModelFormatException listing every missing, unexpected and doubly mapped name, sorted
     */
    private static Map<String, SafetensorsFile.Tensor> matchNames(SafetensorsFile st, List<Slot> slots,
                                                                  StateDictOptions options) throws ModelFormatException {
        Map<String, SafetensorsFile.Tensor> byName = new HashMap<>();
        List<String> collisions = new ArrayList<>();
        for (SafetensorsFile.Tensor t : st.tensors().values()) {
            String name = options.networkName(t.name());
            if (name == null) {
                continue;
            }
            SafetensorsFile.Tensor earlier = byName.putIfAbsent(name, t);
            if (earlier != null) {
                String[] pair = {earlier.name(), t.name()};
                Arrays.sort(pair, NAME_ORDER);
                collisions.add("'" + pair[0] + "' and '" + pair[1] + "' both map to '" + name + "'");
            }
        }
        Map<String, Slot> owned = new LinkedHashMap<>();
        slots.forEach(s -> owned.put(s.name(), s));
        List<String> missing = new ArrayList<>(owned.keySet());
        missing.removeAll(byName.keySet());
        Map<String, String> unexpected = new TreeMap<>(NAME_ORDER);
        byName.forEach((name, t) -> {
            if (!owned.containsKey(name)) {
                unexpected.put(name, describe(t, name));
            }
        });
        if (missing.isEmpty() && unexpected.isEmpty() && collisions.isEmpty()) {
            return byName;
        }
        missing.sort(NAME_ORDER);
        collisions.sort(null);
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add("missing " + count(missing.size()) + ": " + String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            parts.add("unexpected " + count(unexpected.size()) + ": " + String.join(", ", unexpected.values()));
        }
        parts.addAll(collisions);
        throw new ModelFormatException("state dict does not match the network's tensor names: "
                + String.join("; ", parts));
    }

    /** @throws ModelFormatException listing every tensor of the wrong dtype or shape */
    private static void checkTypes(List<Slot> slots, Map<String, SafetensorsFile.Tensor> matched)
            throws ModelFormatException {
        List<String> problems = new ArrayList<>();
        for (Slot slot : slots) {
            SafetensorsFile.Tensor t = matched.get(slot.name());
            boolean counter = slot.tensor() == null;
            if (counter ? t.dtype() != DType.I64 : !t.dtype().isFloat()) {
                problems.add(describe(t, slot.name()) + " has dtype " + t.dtype() + ", expected "
                        + (counter ? "I64" : "F32, F64, F16 or BF16"));
            } else if (!Arrays.equals(t.shape(), slot.shape())) {
                problems.add(describe(t, slot.name()) + " has shape " + Arrays.toString(t.shape()) + ", expected "
                        + Arrays.toString(slot.shape()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ModelFormatException("state dict does not match the network's tensor types: "
                    + String.join("; ", problems));
        }
    }

    /** Converts one float tensor into {@code staged} (modified); returns its first bad value, or null. */
    private static String readValues(SafetensorsFile st, SafetensorsFile.Tensor t, Slot slot, float[] staged,
                                     StateDictOptions options) {
        ParameterTensor p = slot.tensor();
        TensorConversion.toFloat32(st, t, staged, p.offset());
        boolean variance = p.name().endsWith("." + RUNNING_VAR);
        for (int i = 0; i < p.size(); i++) {
            float v = staged[p.offset() + i];
            if (!options.allowNonFinite() && !Float.isFinite(v)) {
                String source = t.dtype() == DType.F64 && Double.isFinite(TensorConversion.f64At(st, t, i))
                        ? " (the F64 value " + TensorConversion.f64At(st, t, i) + " is beyond float32's range)" : "";
                return "tensor " + describe(t, slot.name()) + " element " + i + " is " + v + source
                        + "; a model needs finite weights (NaN and infinity are refused)";
            }
            if (variance && !ModelFile.isAcceptableVariance(v)) {
                return "tensor " + describe(t, slot.name()) + " element " + i + " is " + v
                        + "; a BatchNorm variance must be >= 0";
            }
        }
        return null;
    }

    /** Reads one BatchNorm counter into {@code tracked} (modified); returns why it is refused, or null. */
    private static String readCounter(SafetensorsFile st, SafetensorsFile.Tensor t, Slot slot, long[] tracked) {
        long count = st.readI64(t);
        if (count < 0) {
            return "tensor " + describe(t, slot.name()) + " is " + count + "; a BatchNorm batch count must be >= 0";
        }
        tracked[slot.counter()] = count;
        return null;
    }

    /** The file's name of {@code t}, quoted, with the network name it maps to when that differs. */
    private static String describe(SafetensorsFile.Tensor t, String networkName) {
        return "'" + t.name() + "'" + (t.name().equals(networkName) ? "" : " (as '" + networkName + "')");
    }

    private static String count(int n) {
        return n + (n == 1 ? " tensor" : " tensors");
    }

    private static int comparePart(String a, String b) {
        boolean na = a.matches("\\d{1,9}");
        boolean nb = b.matches("\\d{1,9}");
        if (na && nb && Integer.parseInt(a) != Integer.parseInt(b)) {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        }
        // equal numbers written differently (1, 01) still differ, so that a sorted map keeps both
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    }
}
