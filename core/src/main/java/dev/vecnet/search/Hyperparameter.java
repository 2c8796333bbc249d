package dev.vecnet.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One named dimension of a {@link SearchSpace}: how to sample it, how to lay a grid on it and how to
 * narrow it around good values. Implementations are immutable and thread-safe.
 */
public sealed interface Hyperparameter permits Hyperparameter.Uniform, Hyperparameter.LogUniform,
        Hyperparameter.IntRange, Hyperparameter.Choice {

    /**
     * The name, the key in a {@link Configuration}.
     *
     * @return the dimension's name, unique within its space
     */
    String name();

    /**
     * A random value drawn with {@code random} (one or two draws).
     *
     * @param random the generator to draw from; advanced by this call
     * @return a value within the dimension: a {@code Double}, an {@code Integer} or one of the choices
     */
    Object sample(Random random);

    /**
     * {@code points} evenly spread values (on a log scale for {@link LogUniform}); choices all.
     *
     * @param points values per range dimension, {@code >= 1}; ignored by choices
     * @return a new list of values in increasing order (choices: in their listed order)
     */
    List<Object> grid(int points);

    /**
     * A narrower dimension covering {@code values} (the values of the best trials): for ranges, from the
     * smallest to the largest value widened by {@code margin} of the range width on each side (in log space
     * for {@link LogUniform}), clipped to this range; for choices, the values that occur.
     *
     * @param values values of this dimension from the best trials, at least one
     * @param margin how far to widen a range beyond those values, as a share of their spread (e.g. 0.5)
     * @return a new dimension of the same name and kind
     */
    Hyperparameter narrow(List<Object> values, double margin);

    /**
     * A real value uniform in {@code [low, high]}.
     *
     * @param name the name
     * @param low  the lower bound
     * @param high the upper bound, {@code >= low}
     */
    record Uniform(String name, double low, double high) implements Hyperparameter {
        /**
         * Checks the bounds.
         *
         * @param name the name
         * @param low the lower bound
         * @param high the upper bound, {@code >= low}
         */
        public Uniform {
            if (!(low <= high) || !Double.isFinite(low) || !Double.isFinite(high)) {
                throw new IllegalArgumentException(name + ": need finite low <= high, got " + low + ", " + high);
            }
        }

        @Override
        public Object sample(Random random) {
            return low + (high - low) * random.nextDouble();
        }

        @Override
        public List<Object> grid(int points) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < points; i++) {
                values.add(points == 1 ? (low + high) / 2 : low + (high - low) * i / (points - 1));
            }
            return values;
        }

        @Override
        public Hyperparameter narrow(List<Object> values, double margin) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Object v : values) {
                lo = Math.min(lo, ((Number) v).doubleValue());
                hi = Math.max(hi, ((Number) v).doubleValue());
            }
            double pad = margin * Math.max(hi - lo, (high - low) * 0.05);
            return new Uniform(name, Math.max(low, lo - pad), Math.min(high, hi + pad));
        }
    }

    /**
     * A positive real value whose logarithm is uniform: {@code exp(U[log low, log high])}, for learning
     * rates and regularisation strengths.
     *
     * @param name the name
     * @param low  the lower bound, {@code > 0}
     * @param high the upper bound, {@code >= low}
     */
    record LogUniform(String name, double low, double high) implements Hyperparameter {
        /**
         * Checks the bounds.
         *
         * @param name the name
         * @param low the lower bound
         * @param high the upper bound, {@code >= low}
         */
        public LogUniform {
            if (!(low > 0 && low <= high) || !Double.isFinite(high)) {
                throw new IllegalArgumentException(name + ": need 0 < low <= high, got " + low + ", " + high);
            }
        }

        @Override
        public Object sample(Random random) {
            return Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * random.nextDouble());
        }

        @Override
        public List<Object> grid(int points) {
            List<Object> values = new ArrayList<>();
            Uniform logs = new Uniform(name, Math.log(low), Math.log(high));
            for (Object v : logs.grid(points)) {
                values.add(Math.min(high, Math.max(low, Math.exp((Double) v))));
            }
            return values;
        }

        @Override
        public Hyperparameter narrow(List<Object> values, double margin) {
            List<Object> logs = new ArrayList<>();
            for (Object v : values) {
                logs.add(Math.log(((Number) v).doubleValue()));
            }
            Uniform narrowed = (Uniform) new Uniform(name, Math.log(low), Math.log(high)).narrow(logs, margin);
            return new LogUniform(name, Math.max(low, Math.exp(narrowed.low())),
                    Math.min(high, Math.exp(narrowed.high())));
        }
    }

    /**
     * An integer uniform in {@code [low, high]} (both included), for hidden sizes, batch sizes, epochs.
     *
     * @param name the name
     * @param low  the smallest value
     * @param high the largest value, {@code >= low}
     */
    record IntRange(String name, int low, int high) implements Hyperparameter {
        /**
         * Checks the bounds.
         *
         * @param name the name
         * @param low the lower bound
         * @param high the upper bound, {@code >= low}
         */
        public IntRange {
            if (low > high) {
                throw new IllegalArgumentException(name + ": need low <= high, got " + low + ", " + high);
            }
        }

        @Override
        public Object sample(Random random) {
            return low + (int) Math.floor(random.nextDouble() * ((long) high - low + 1));
        }

        @Override
        public List<Object> grid(int points) {
            List<Object> values = new ArrayList<>();
            for (Object v : new Uniform(name, low, high).grid(points)) {
                Integer rounded = (int) Math.round((Double) v);
                if (!values.contains(rounded)) {
                    values.add(rounded);
                }
            }
            return values;
        }

        @Override
        public Hyperparameter narrow(List<Object> values, double margin) {
            Uniform narrowed = (Uniform) new Uniform(name, low, high).narrow(values, margin);
            return new IntRange(name, (int) Math.floor(narrowed.low()), (int) Math.ceil(narrowed.high()));
        }
    }

    /**
     * One of a list of values (optimizer names, activation names, batch sizes), each equally likely.
     *
     * @param name    the name
     * @param choices the values, at least one
     */
    record Choice(String name, List<Object> choices) implements Hyperparameter {
        /**
         * Checks and copies the list.
         *
         * @param name the name
         * @param choices the values, at least one
         */
        public Choice {
            if (choices.isEmpty()) {
                throw new IllegalArgumentException(name + ": need at least one choice");
            }
            choices = List.copyOf(choices);
        }

        @Override
        public Object sample(Random random) {
            return choices.get(random.nextInt(choices.size()));
        }

        @Override
        public List<Object> grid(int points) {
            return choices;
        }

        @Override
        public Hyperparameter narrow(List<Object> values, double margin) {
            List<Object> kept = new ArrayList<>();
            for (Object c : choices) {
                if (values.contains(c)) {
                    kept.add(c);
                }
            }
            return new Choice(name, kept.isEmpty() ? choices : kept);
        }
    }
}
