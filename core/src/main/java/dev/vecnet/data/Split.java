package dev.vecnet.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A train / validation / test partition of one data set, made by {@link #stratified}. Immutable; the
 * parts are new data sets that share no arrays with the source.
 *
 * @param train      the examples to fit on (and to fit preprocessing statistics on)
 * @param validation the examples to choose hyperparameters on; may be empty
 * @param test       the examples to report on once; may be empty
 */
public record Split(Dataset train, Dataset validation, Dataset test) {

    /**
     * Splits a classification data set so that each part holds about the same share of every class:
     * each class's examples are shuffled (with {@code seed}) and cut at {@code round(count * trainFraction)}
     * and {@code round(count * (trainFraction + validationFraction))}. Each part is then shuffled, so its
     * classes are interleaved. A regression data set is split the same way as if it had one class.
     * Same data and seed give the same split. Copies the data.
     *
     * @param data               the examples; read, not modified
     * @param trainFraction      share for training, in (0, 1]
     * @param validationFraction share for validation, in [0, 1 - trainFraction]
     * @param seed               seed of the one {@link java.util.Random} that draws every shuffle
     * @return the three parts, each a new data set; the test part takes what is left of each class
     * @throws IllegalArgumentException when the fractions are out of range
     */
    public static Split stratified(Dataset data, double trainFraction, double validationFraction, long seed) {
        if (!(trainFraction > 0 && validationFraction >= 0 && trainFraction + validationFraction <= 1 + 1e-12)) {
            throw new IllegalArgumentException("fractions must satisfy 0 < train, 0 <= validation, train + "
                    + "validation <= 1; got " + trainFraction + ", " + validationFraction);
        }
        int classes = data.hasLabels() ? Math.max(1, data.classCount()) : 1;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < data.size(); i++) {
            byClass.get(data.hasLabels() ? data.labels()[i] : 0).add(i);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> members : byClass) {
            java.util.Collections.shuffle(members, random);
            int n = members.size();
            int trainEnd = (int) Math.round(n * trainFraction);
            int validationEnd = Math.min(n, (int) Math.round(n * (trainFraction + validationFraction)));
            train.addAll(members.subList(0, trainEnd));
            validation.addAll(members.subList(trainEnd, validationEnd));
            test.addAll(members.subList(validationEnd, n));
        }
        return new Split(part(data, train, random), part(data, validation, random), part(data, test, random));
    }

    private static Dataset part(Dataset data, List<Integer> members, Random random) {
        int[] indices = members.stream().mapToInt(Integer::intValue).toArray();
        Permutations.shuffle(indices, random);
        return data.subset(indices);
    }
}
