package dev.vecnet.train;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Selection gives the median that sorting gives, on any input (duplicates, runs, one value). */
class MedianTest {

    @Property(tries = 500)
    void sameAsSorting(@ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = -1e3, max = 1e3) Double> input) {
        double[] values = input.stream().mapToDouble(Double::doubleValue).toArray();
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double[] padded = Arrays.copyOf(values, n + 3);   // values past n are left alone
        padded[n] = Double.NaN;
        assertEquals(expected, Median.of(padded, n));
    }

    @Property(tries = 50)
    void sortedRunsAndRepeatedValues(@ForAll @Size(min = 1, max = 300) List<@DoubleRange(min = 0, max = 3) Double> input) {
        double[] values = input.stream().mapToDouble(v -> Math.floor(v)).sorted().toArray();
        double[] sorted = values.clone();
        int n = sorted.length;
        double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        assertEquals(expected, Median.of(values, n));
    }
}
