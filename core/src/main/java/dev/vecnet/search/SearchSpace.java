package dev.vecnet.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Named hyperparameters to search over, in the order they were added. Immutable: each {@code with...}
 * method returns a new space. Thread-safe.
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.empty().logUniform("lr", 1e-5, 10).logUniform("l2", 1e-6, 1e-1)
 *         .integer("hidden", 16, 256).uniform("dropout", 0, 0.5).choice("optimizer", "sgd", "adam");
 * }</pre>
 */
public final class SearchSpace {
    private final List<Hyperparameter> dimensions;

    private SearchSpace(List<Hyperparameter> dimensions) {
        this.dimensions = List.copyOf(dimensions);
    }

    /**
     * A space with no dimensions.
     *
     * @return the empty space
     */
    public static SearchSpace empty() {
        return new SearchSpace(List.of());
    }

    /**
     * Adds any dimension; its name must be new.
     *
     * @param dimension the dimension to add; its name must not be in the space yet
     * @return a new space with the dimension added last; this one is unchanged
     */
    public SearchSpace with(Hyperparameter dimension) {
        for (Hyperparameter d : dimensions) {
            if (d.name().equals(dimension.name())) {
                throw new IllegalArgumentException("hyperparameter '" + dimension.name() + "' is already in the space");
            }
        }
        List<Hyperparameter> more = new ArrayList<>(dimensions);
        more.add(dimension);
        return new SearchSpace(more);
    }

    /**
     * Adds a real value uniform in {@code [low, high]}.
     *
     * @param name the new dimension's name, not yet in the space
     * @param low the smallest value
     * @param high the largest value, {@code >= low}
     * @return a new space with the dimension added last; this one is unchanged
     */
    public SearchSpace uniform(String name, double low, double high) {
        return with(new Hyperparameter.Uniform(name, low, high));
    }

    /**
     * Adds a positive real value log-uniform in {@code [low, high]}.
     *
     * @param name the new dimension's name, not yet in the space
     * @param low the smallest value, {@code > 0}
     * @param high the largest value, {@code >= low}
     * @return a new space with the dimension added last; this one is unchanged
     */
    public SearchSpace logUniform(String name, double low, double high) {
        return with(new Hyperparameter.LogUniform(name, low, high));
    }

    /**
     * Adds an integer uniform in {@code [low, high]}, both included.
     *
     * @param name the new dimension's name, not yet in the space
     * @param low the smallest value
     * @param high the largest value, {@code >= low}
     * @return a new space with the dimension added last; this one is unchanged
     */
    public SearchSpace integer(String name, int low, int high) {
        return with(new Hyperparameter.IntRange(name, low, high));
    }

    /**
     * Adds a choice among {@code values}.
     *
     * @param name the new dimension's name, not yet in the space
     * @param values the choices, at least one
     * @return a new space with the dimension added last; this one is unchanged
     */
    public SearchSpace choice(String name, Object... values) {
        return with(new Hyperparameter.Choice(name, Arrays.asList(values)));
    }

    /**
     * The dimensions, in order.
     *
     * @return an unmodifiable list of the dimensions, in the order they were added
     */
    public List<Hyperparameter> dimensions() {
        return dimensions;
    }

    /**
     * A random configuration: one {@link Hyperparameter#sample} per dimension, in order.
     *
     * @param random the generator to draw from; advanced by this call
     * @return a new configuration with one value per dimension
     */
    public Configuration sample(Random random) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Hyperparameter d : dimensions) {
            values.put(d.name(), d.sample(random));
        }
        return new Configuration(values);
    }

    /**
     * Every combination of {@code points} values per range dimension and every choice, the last
     * dimension varying fastest.
     *
     * @param points values per range dimension, {@code >= 1}
     * @return a new list of every combination
     */
    public List<Configuration> grid(int points) {
        if (points < 1) {
            throw new IllegalArgumentException("points must be >= 1, was " + points);
        }
        List<Map<String, Object>> partial = new ArrayList<>();
        partial.add(new LinkedHashMap<>());
        for (Hyperparameter d : dimensions) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> prefix : partial) {
                for (Object value : d.grid(points)) {
                    Map<String, Object> m = new LinkedHashMap<>(prefix);
                    m.put(d.name(), value);
                    next.add(m);
                }
            }
            partial = next;
        }
        List<Configuration> grid = new ArrayList<>();
        for (Map<String, Object> m : partial) {
            grid.add(new Configuration(m));
        }
        return grid;
    }

    /**
     * The coarse-to-fine step: a space whose every dimension is narrowed around the values of
     * {@code best} (see {@link Hyperparameter#narrow}).
     *
     * @param best   the configurations of the best trials, at least one
     * @param margin how far to widen beyond them, as a share of their spread (e.g. 0.5)
     * @return a new space; this one is unchanged
     */
    public SearchSpace narrow(List<Configuration> best, double margin) {
        if (best.isEmpty()) {
            throw new IllegalArgumentException("need at least one configuration to narrow around");
        }
        List<Hyperparameter> narrowed = new ArrayList<>();
        for (Hyperparameter d : dimensions) {
            List<Object> values = new ArrayList<>();
            for (Configuration c : best) {
                values.add(c.get(d.name()));
            }
            narrowed.add(d.narrow(values, margin));
        }
        return new SearchSpace(narrowed);
    }

    @Override
    public String toString() {
        return dimensions.toString();
    }
}
