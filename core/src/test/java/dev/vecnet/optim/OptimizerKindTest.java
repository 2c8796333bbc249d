package dev.vecnet.optim;

import dev.vecnet.nn.Network;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimizer table by name: names, lookups, and that each name builds its own optimizer. */
class OptimizerKindTest {

    @Test
    void everyNameBuildsTheOptimizerThatCallsItselfSo() {
        for (OptimizerKind kind : OptimizerKind.values()) {
            Optimizer optimizer = kind.create(0.125f);
            assertEquals(kind.optimizerName(), optimizer.name());
            assertEquals(0.125f, optimizer.learningRate());
            assertSame(kind, OptimizerKind.named(optimizer.name()));
        }
    }

    @Test
    void namesAreCaseInsensitiveAndUnknownOnesAreListed() {
        assertSame(OptimizerKind.ADAMW, OptimizerKind.named(" AdamW "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.named("lbfgs"));
        assertTrue(e.getMessage().contains("'lbfgs'") && e.getMessage().contains("rmsprop"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OptimizerKind.named(null));
        assertEquals(OptimizerKind.values().length, OptimizerKind.names().size());
    }

    @Test
    void adamWithTheDefaultsStepsAsAdamConstructedByHand() {
        Network one = Network.builder(2).dense(3).seed(5).build();
        Network two = Network.builder(2).dense(3).seed(5).build();
        float[] g = new float[one.parameters().size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = (i % 3 - 1) * 0.5f;
        }
        Optimizer byName = OptimizerKind.ADAMW.create(0.01f);
        Optimizer byHand = new AdamW(0.01f, 0.01f);
        for (int i = 0; i < 3; i++) {
            byName.step(one.parameters(), g);
            byHand.step(two.parameters(), g);
        }
        assertArrayEquals(two.parameters().values(), one.parameters().values());
        assertInstanceOf(Momentum.class, OptimizerKind.MOMENTUM.create(0.1f));
    }
}
