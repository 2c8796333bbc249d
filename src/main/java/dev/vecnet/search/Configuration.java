package dev.vecnet.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One point of a search space: hyperparameter values by name, in the space's order. Immutable and
 * thread-safe. Values are {@code Double} (real ranges), {@code Integer} (integer ranges) or whatever a
 * choice listed.
 */
public final class Configuration {
    private final Map<String, Object> values;

    /** Copies {@code values}, keeping their iteration order. */
    public Configuration(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The values by name, unmodifiable. */
    public Map<String, Object> values() {
        return values;
    }

    /** The value named {@code name}. @throws IllegalArgumentException when there is none */
    public Object get(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no hyperparameter '" + name + "' in " + values.keySet());
        }
        return value;
    }

    /** A numeric value as a double. */
    public double getDouble(String name) {
        return ((Number) get(name)).doubleValue();
    }

    /** A numeric value as an int (rounded). */
    public int getInt(String name) {
        return (int) Math.round(getDouble(name));
    }

    /** A value as a string. */
    public String getString(String name) {
        return String.valueOf(get(name));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Configuration c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
