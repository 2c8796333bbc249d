package dev.vecnet.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    private static final SearchSpace SPACE = SearchSpace.empty().logUniform("lr", 1e-5, 10).uniform("dropout", 0, 0.5)
            .integer("hidden", 16, 18).choice("optimizer", "sgd", "momentum", "adam");

    @Test
    void samplesStayInRangeAndCoverThem() {
        Random random = new Random(1);
        Set<Object> hidden = new HashSet<>();
        Set<Object> optimizers = new HashSet<>();
        int belowMilli = 0;
        for (int i = 0; i < 2000; i++) {
            Configuration c = SPACE.sample(random);
            double lr = c.getDouble("lr");
            assertTrue(lr >= 1e-5 && lr <= 10, "lr " + lr);
            belowMilli += lr < 1e-3 ? 1 : 0;
            assertTrue(c.getDouble("dropout") >= 0 && c.getDouble("dropout") <= 0.5);
            hidden.add(c.get("hidden"));
            optimizers.add(c.get("optimizer"));
        }
        assertEquals(Set.of(16, 17, 18), hidden);
        assertEquals(Set.of("sgd", "momentum", "adam"), optimizers);
        // log-uniform: 2 of the 6 decades lie below 1e-3, so about a third of the samples
        assertEquals(2000 / 3.0, belowMilli, 100);
    }

    @Test
    void gridCombinesEveryValue() {
        List<Configuration> grid = SPACE.grid(3);
        assertEquals(3 * 3 * 3 * 3, grid.size());
        assertEquals(1e-5, grid.get(0).getDouble("lr"), 1e-12);
        assertEquals(Math.sqrt(1e-5 * 10), grid.get(27).getDouble("lr"), 1e-9);
        assertEquals(10, grid.get(80).getDouble("lr"), 1e-9);
        assertEquals("adam", grid.get(80).getString("optimizer"));
        assertEquals(new HashSet<>(grid).size(), grid.size());
    }

    @Test
    void narrowingShrinksRangesAroundTheGivenValues() {
        Configuration a = new Configuration(java.util.Map.of("lr", 1e-2, "dropout", 0.1, "hidden", 17, "optimizer", "adam"));
        Configuration b = new Configuration(java.util.Map.of("lr", 1e-1, "dropout", 0.2, "hidden", 17, "optimizer", "sgd"));
        SearchSpace narrow = SPACE.narrow(List.of(a, b), 0.5);
        Hyperparameter.LogUniform lr = (Hyperparameter.LogUniform) narrow.dimensions().get(0);
        assertEquals(Math.pow(10, -2.5), lr.low(), 1e-9);
        assertEquals(Math.pow(10, -0.5), lr.high(), 1e-9);
        Hyperparameter.Uniform dropout = (Hyperparameter.Uniform) narrow.dimensions().get(1);
        assertEquals(0.05, dropout.low(), 1e-12);
        assertEquals(0.25, dropout.high(), 1e-12);
        assertEquals(List.of("sgd", "adam"), ((Hyperparameter.Choice) narrow.dimensions().get(3)).choices());
        assertThrows(IllegalArgumentException.class, () -> SPACE.uniform("lr", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> SearchSpace.empty().logUniform("lr", 0, 1));
    }
}
