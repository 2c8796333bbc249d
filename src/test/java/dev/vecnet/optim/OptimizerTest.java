package dev.vecnet.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void skipsBatchNormRunningStatistics() {
        Network net = Network.builder(3).dense(4).batchNorm().relu().dense(2).build();
        float[] w = net.parameters().values();
        float[] g = net.parameters().gradients();
        java.util.Arrays.fill(g, 1f);
        float[] before = w.clone();
        new Sgd(0.5f).step(net);
        for (ParameterTensor t : net.parameters().tensors()) {
            for (int i = t.offset(); i < t.offset() + t.size(); i++) {
                assertEquals(t.trainable() ? before[i] - 0.5f : before[i], w[i], t.name());
            }
        }
    }

    @Test
    void annealedMomentumGoesFromStartToEnd() {
        MomentumSchedule s = MomentumSchedule.annealed(0.5f, 0.99f, 11);
        assertEquals(0.5f, s.momentum(1), 1e-7);
        assertEquals(0.745f, s.momentum(6), 1e-6);
        assertEquals(0.99f, s.momentum(11), 1e-7);
        assertEquals(0.99f, s.momentum(1000), 1e-7);
        Momentum m = new Momentum(0.1f, s);
        Network net = Network.builder(1).dense(1).build();
        net.parameters().gradients()[0] = 1f;
        m.step(net);
        assertEquals(0.5f, m.momentum());
        m.step(net);
        assertEquals(0.549f, m.momentum(), 1e-6);
    }

    @Test
    void stateRestoresToTheSameTrajectory() {
        Network a = Network.builder(3).dense(2).seed(1).build();
        Network b = Network.builder(3).dense(2).seed(1).build();
        Adam first = new Adam(0.01f);
        for (int s = 0; s < 5; s++) {
            fillGradients(a, s);
            first.step(a);
        }
        System.arraycopy(a.parameters().values(), 0, b.parameters().values(), 0, a.parameters().size());
        Adam second = new Adam(0.01f);
        Map<String, float[]> saved = first.state();
        assertEquals(java.util.Set.of("m", "v"), saved.keySet());
        second.restoreState(saved, first.steps());
        for (int s = 5; s < 10; s++) {
            fillGradients(a, s);
            fillGradients(b, s);
            first.step(a);
            second.step(b);
        }
        assertArrayEquals(a.parameters().values(), b.parameters().values());
        assertEquals(10, second.steps());
    }

    @Test
    void adamWDecaysWeightsNotBiases() {
        Network net = Network.builder(2).dense(1).build();
        float[] w = net.parameters().values();
        w[0] = 1f; w[1] = 1f; w[2] = 1f;
        new AdamW(0.1f, 0.5f).step(net); // zero gradient: only the decay moves the weights
        assertEquals(0.95f, w[0], 1e-7);
        assertEquals(0.95f, w[1], 1e-7);
        assertEquals(1f, w[2]);
    }

    @Test
    void oneOptimizerServesOneNetwork() {
        Sgd sgd = new Sgd(0.1f);
        sgd.step(Network.builder(1).dense(1).build());
        assertThrows(IllegalStateException.class, () -> sgd.step(Network.builder(1).dense(1).build()));
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(Float.NaN));
    }

    @Test
    void restoredStateMustMatchTheNetwork() {
        Adam adam = new Adam(0.01f);
        adam.restoreState(Map.of("m", new float[5], "v", new float[5]), 3);
        assertThrows(IllegalArgumentException.class, () -> adam.step(Network.builder(3).dense(2).build()));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.01f).restoreState(Map.of("m", new float[8]), 1));
    }

    private static void fillGradients(Network net, int s) {
        float[] g = net.parameters().gradients();
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) Math.sin(1.3 * i + s);
        }
    }
}
