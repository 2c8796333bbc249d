package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SplitTest {
    /** 100 examples, feature = index, classes 0 (70 examples) and 1 (30). */
    private static Dataset unbalanced() {
        float[] x = new float[100];
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i;
            y[i] = i % 10 < 7 ? 0 : 1;
        }
        return Dataset.ofLabels(x, 1, y);
    }

    @Test
    void stratifiedKeepsClassSharesAndPartitionsTheExamples() {
        Split split = Split.stratified(unbalanced(), 0.6, 0.2, 42);
        assertArrayEquals(new int[] {42, 18}, split.train().classCounts());
        assertArrayEquals(new int[] {14, 6}, split.validation().classCounts());
        assertArrayEquals(new int[] {14, 6}, split.test().classCounts());
        Set<Float> seen = new HashSet<>();
        for (Dataset part : new Dataset[] {split.train(), split.validation(), split.test()}) {
            for (int i = 0; i < part.size(); i++) {
                float v = part.features()[i];
                seen.add(v);
                assertEquals((int) v % 10 < 7 ? 0 : 1, part.labels()[i], "label travels with its example");
            }
        }
        assertEquals(100, seen.size());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Split a = Split.stratified(unbalanced(), 0.5, 0.25, 7);
        Split b = Split.stratified(unbalanced(), 0.5, 0.25, 7);
        Split c = Split.stratified(unbalanced(), 0.5, 0.25, 8);
        assertArrayEquals(a.train().features(), b.train().features());
        assertNotEquals(java.util.Arrays.toString(a.train().features()), java.util.Arrays.toString(c.train().features()));
        assertThrows(IllegalArgumentException.class, () -> Split.stratified(unbalanced(), 0.8, 0.3, 1));
    }

    @Test
    void shuffledIsAPermutationWithLabelsAttached() {
        Dataset data = unbalanced();
        Dataset shuffled = data.shuffled(3);
        float[] sorted = shuffled.features().clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(data.features(), sorted);
        assertNotEquals(java.util.Arrays.toString(data.features()), java.util.Arrays.toString(shuffled.features()));
        for (int i = 0; i < 100; i++) {
            assertEquals(data.labels()[(int) shuffled.features()[i]], shuffled.labels()[i]);
        }
    }

    @Test
    void rejectsInconsistentShapes() {
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofLabels(new float[5], 2, new int[2]));
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofLabels(new float[4], 2, new int[] {0, 3}, 3));
        assertThrows(IllegalArgumentException.class, () -> Dataset.ofTargets(new float[4], 2, new float[3], 2));
    }
}
