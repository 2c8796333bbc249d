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

    /**
     * Copies {@code values}, keeping their iteration order.
     *
     * @param values the values by name; copied, so later changes to the map do not show
     */
    public Configuration(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The values by name, unmodifiable.
     *
     * @return an unmodifiable map from name to value, in the space's order
     */
    public Map<String, Object> values() {
        return values;
    }

    /**
     * The value named {@code name}.
     *
     * @param name a hyperparameter name of the space
     * @return its value: a {@code Double}, an {@code Integer} or the listed choice
     * @throws IllegalArgumentException when there is no value of that name
     */
    public Object get(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no hyperparameter '" + name + "' in " + values.keySet());
        }
        return value;
    }

    /**
     * A numeric value as a double.
     *
     * @param name a hyperparameter name of the space
     * @return the value, which must be a {@code Number}, as a double
     */
    public double getDouble(String name) {
        return ((Number) get(name)).doubleValue();
    }

    /**
     * A numeric value as an int (rounded).
     *
     * @param name a hyperparameter name of the space
     * @return the value, which must be a {@code Number}, rounded to the nearest int
     */
    public int getInt(String name) {
        return (int) Math.round(getDouble(name));
    }

    /**
     * A value as a string.
     *
     * @param name a hyperparameter name of the space
     * @return {@code String.valueOf} of the value
     */
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
