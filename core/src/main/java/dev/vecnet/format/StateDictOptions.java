package dev.vecnet.format;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link ModelFile#loadStateDict(java.nio.file.Path, dev.vecnet.nn.Network, StateDictOptions)} reads a
 * PyTorch state dict: how the file's tensor names map to the network's {@code nn.Sequential} names, whether
 * NaN and infinities are accepted, and the largest file read.
 *
 * <p>A file name becomes a network name in two steps; a name neither step changes is taken as it is:
 * <ol>
 *   <li>the {@linkplain #withRename rename function}, on the whole name ({@code module.fc1.weight} ->
 *       {@code fc1.weight}); when it returns null the tensor is left out, as if the file did not hold
 *       it;</li>
 *   <li>the {@linkplain #withModuleNames module names}: the longest key {@code k} such that the name
 *       starts with {@code k + "."} is replaced by its value ({@code fc1} -> {@code 0} turns
 *       {@code fc1.weight} into {@code 0.weight}); an empty value removes {@code k + "."}
 *       ({@code features} -> {@code ""} turns {@code features.0.weight} into {@code 0.weight}).</li>
 * </ol>
 *
 * Immutable and thread-safe when the rename function is (the {@code with} methods return new options).
 */
public final class StateDictOptions {
    private static final StateDictOptions DEFAULTS = new StateDictOptions(Map.of(), Function.identity(), false,
            LoadOptions.DEFAULT_MAX_BYTES);

    private final Map<String, String> moduleNames;
    private final Function<String, String> rename;
    private final boolean allowNonFinite;
    private final long maxBytes;

    private StateDictOptions(Map<String, String> moduleNames, Function<String, String> rename, boolean allowNonFinite,
                             long maxBytes) {
        this.moduleNames = moduleNames;
        this.rename = rename;
        this.allowNonFinite = allowNonFinite;
        this.maxBytes = maxBytes;
    }

    /**
     * Names taken as they are, finite values only, files up to {@link LoadOptions#DEFAULT_MAX_BYTES}.
     *
     * @return the default options
     */
    public static StateDictOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with these module names: file module name (a prefix of tensor names, without the trailing dot)
     * to network module name, e.g. {@code {"fc1": "0", "bn1": "1", "fc2": "3"}}. Replaces any earlier map.
     *
     * @param names module-name prefixes; copied. Keys are non-empty and neither start nor end with a dot;
     *              values are empty or neither start nor end with a dot
     * @return new options; these are unchanged
     * @throws IllegalArgumentException naming the first key or value that breaks these rules
     * @throws NullPointerException     when {@code names}, a key or a value is null
     */
    public StateDictOptions withModuleNames(Map<String, String> names) {
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : names.entrySet()) {
            String from = Objects.requireNonNull(e.getKey(), "module name");
            String to = Objects.requireNonNull(e.getValue(), "mapped module name of '" + from + "'");
            if (from.isEmpty() || badEnds(from)) {
                throw new IllegalArgumentException("module name '" + from + "' must be non-empty and neither start "
                        + "nor end with a dot");
            }
            if (!to.isEmpty() && badEnds(to)) {
                throw new IllegalArgumentException("module name '" + from + "' maps to '" + to + "', which starts or "
                        + "ends with a dot; write the module name alone (e.g. 0), or an empty name to drop the prefix");
            }
            copy.put(from, to);
        }
        return new StateDictOptions(Collections.unmodifiableMap(copy), rename, allowNonFinite, maxBytes);
    }

    /**
     * A copy with this rename function on whole tensor names, applied before the module names.
     *
     * @param function file tensor name to network tensor name; returning null leaves the tensor out; called
     *                 once per tensor of the file, on the loading thread
     * @return new options; these are unchanged
     * @throws NullPointerException when {@code function} is null
     */
    public StateDictOptions withRename(Function<String, String> function) {
        return new StateDictOptions(moduleNames, Objects.requireNonNull(function, "function"), allowNonFinite, maxBytes);
    }

    /**
     * A copy that accepts (or refuses) NaN and infinite values, including F64 values beyond float32's range.
     *
     * @param allow true to accept them, false to refuse them (the default)
     * @return new options; these are unchanged
     */
    public StateDictOptions withAllowNonFinite(boolean allow) {
        return new StateDictOptions(moduleNames, rename, allow, maxBytes);
    }

    /**
     * A copy with this size limit for files and streams.
     *
     * @param limit the largest file accepted, in bytes, in {@code [8, LoadOptions.DEFAULT_MAX_BYTES]}
     * @return new options; these are unchanged
     * @throws IllegalArgumentException when {@code limit} is out of range
     */
    public StateDictOptions withMaxBytes(long limit) {
        if (limit < 8 || limit > LoadOptions.DEFAULT_MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes must be in [8, " + LoadOptions.DEFAULT_MAX_BYTES + "], was "
                    + limit);
        }
        return new StateDictOptions(moduleNames, rename, allowNonFinite, limit);
    }

    /**
     * The module names, file to network.
     *
     * @return an unmodifiable map, empty by default
     */
    public Map<String, String> moduleNames() {
        return moduleNames;
    }

    /**
     * The rename function on whole tensor names.
     *
     * @return the function, the identity by default
     */
    public Function<String, String> rename() {
        return rename;
    }

    /**
     * Whether NaN and infinite values are accepted.
     *
     * @return true when accepted; false (the default) when refused
     */
    public boolean allowNonFinite() {
        return allowNonFinite;
    }

    /**
     * The largest file or stream read, in bytes.
     *
     * @return the limit, {@link LoadOptions#DEFAULT_MAX_BYTES} by default
     */
    public long maxBytes() {
        return maxBytes;
    }

    /** The network name of the file's tensor {@code name}, or null when the rename function leaves it out. */
    String networkName(String name) {
        String renamed = rename.apply(name);
        if (renamed == null) {
            return null;
        }
        String longest = null;
        for (String from : moduleNames.keySet()) {
            if (renamed.startsWith(from + ".") && (longest == null || from.length() > longest.length())) {
                longest = from;
            }
        }
        if (longest == null) {
            return renamed;
        }
        String to = moduleNames.get(longest);
        String rest = renamed.substring(longest.length() + 1);
        return to.isEmpty() ? rest : to + "." + rest;
    }

    private static boolean badEnds(String name) {
        return name.startsWith(".") || name.endsWith(".");
    }
}
