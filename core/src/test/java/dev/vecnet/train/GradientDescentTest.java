package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.nn.Init;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Sgd;

import org.junit.jupiter.api.Test;

class GradientDescentTest {
    // a linear target y = 2 x0 - x1 + 0.5: one dense layer converges geometrically
    static final Dataset LINE = Dataset.ofTargets(
            new float[] {0, 0, 1, 0, 0, 1, 1, 1, -1, 0.5f}, 2, new float[] {0.5f, 2.5f, -0.5f, 1.5f, -2f}, 1);

    @Test
    void stopsWhenTheStepIsBelowTheGoal() {
        Network net = Network.builder(2).init(Init.UNIFORM).dense(1).loss(Loss.meanSquaredError()).maxBatch(5).seed(1).build();
        GradientDescent.Result r = new GradientDescent(new Sgd(0.2f), 1e-6, 100_000).run(net, LINE);
        assertTrue(r.converged());
        assertTrue(r.change() < 1e-6);
        assertTrue(r.iterations() > 10 && r.iterations() < 100_000);
        float[] w = net.parameters().values();
        assertEquals(2f, w[0], 1e-3);
        assertEquals(-1f, w[1], 1e-3);
        assertEquals(0.5f, w[2], 1e-3);
    }

    @Test
    void stopsAtTheIterationCap() {
        Network net = Network.builder(2).dense(1).loss(Loss.meanSquaredError()).maxBatch(5).seed(1).build();
        GradientDescent.Result r = new GradientDescent(new Sgd(0.01f), 1e-9, 7).run(net, LINE);
        assertFalse(r.converged());
        assertEquals(7, r.iterations());
    }
}
