package dev.vecnet.nn;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A spec whose parameters cannot be one flat array is refused with a clear message, never by an overflow. */
class NetworkSpecSizeTest {

    /** Widths from tiny to the largest int, so that products and sums overflow int and long alike. */
    @Provide
    Arbitrary<List<Integer>> widths() {
        Arbitrary<Integer> width = Arbitraries.oneOf(Arbitraries.integers().between(1, 1 << 16),
                Arbitraries.integers().between(1, Integer.MAX_VALUE), Arbitraries.just(Integer.MAX_VALUE));
        return width.list().ofMinSize(2).ofMaxSize(8);
    }

    @Property
    void specsAreAcceptedExactlyWhenTheirParametersFitOneArray(@ForAll("widths") List<Integer> widths) {
        List<LayerSpec> layers = new ArrayList<>();
        BigInteger expected = BigInteger.ZERO;
        for (int i = 1; i < widths.size(); i++) {
            layers.add(new LayerSpec.Dense(widths.get(i)));
            expected = expected.add(BigInteger.valueOf(widths.get(i)).multiply(BigInteger.valueOf(widths.get(i - 1) + 1L)));
        }
        if (expected.compareTo(BigInteger.valueOf(NetworkSpec.MAX_PARAMETERS)) <= 0) {
            assertEquals(expected.longValueExact(), new NetworkSpec(widths.get(0), layers).parameterCount());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new NetworkSpec(widths.get(0), layers));
            assertTrue(e.getMessage().contains("parameters") && e.getMessage().contains("" + NetworkSpec.MAX_PARAMETERS),
                    e.getMessage());
        }
    }

    @Test
    void buildingTooLargeANetworkIsRefusedBeforeAnythingIsAllocated() {
        List<LayerSpec> layers = List.of(new LayerSpec.Dense(100_000), new LayerSpec.Dense(100_000),
                new LayerSpec.Dense(10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Network.from(new NetworkSpec(100_000, layers), BuildOptions.defaults()));
        assertTrue(e.getMessage().contains((2 * 100_000L * 100_001 + 10 * 100_001) + " parameters"), e.getMessage());
    }
}
