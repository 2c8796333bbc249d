package dev.vecnet.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.nn.Network;
import dev.vecnet.nn.ParameterTensor;
import dev.vecnet.nn.Parameters;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizerTest {

    @Test
    void skipsBatchNormRunningStatistics() {
        Network net = Network.builder(3).dense(4).batchNorm().relu().dense(2).build();
        float[] w = net.parameters().values();
        float[] g = new float[w.length];
        java.util.Arrays.fill(g, 1f);
        float[] before = w.clone();
        new Sgd(0.5f).step(net.parameters(), g);
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
        float[] g = new float[net.parameters().size()];
        g[0] = 1f;
        m.step(net.parameters(), g);
        assertEquals(0.5f, m.momentum());
        m.step(net.parameters(), g);
        assertEquals(0.549f, m.momentum(), 1e-6);
    }

    @Test
    void stateIsNamedPerTensorWithPyTorchNames() {
        Network net = Network.builder(3).dense(2).batchNorm().dense(1).build();
        Parameters p = net.parameters();
        Adam adam = new Adam(0.01f);
        assertTrue(adam.state().isEmpty(), "no state before the first step");
        adam.step(p, gradients(p.size(), 0));
        Map<String, float[]> state = adam.state();
        assertEquals(List.of("0.weight.exp_avg", "0.weight.exp_avg_sq", "0.bias.exp_avg", "0.bias.exp_avg_sq",
                "1.weight.exp_avg", "1.weight.exp_avg_sq", "1.bias.exp_avg", "1.bias.exp_avg_sq",
                "2.weight.exp_avg", "2.weight.exp_avg_sq", "2.bias.exp_avg", "2.bias.exp_avg_sq"),
                List.copyOf(state.keySet()), "one entry per trainable tensor and state; no running statistics");
        assertEquals(6, state.get("0.weight.exp_avg").length);
        assertEquals(List.of("sum"), new Adagrad(0.1f).stateNames());
        assertEquals(List.of("square_avg"), new RmsProp(0.1f).stateNames());
        assertEquals(List.of("velocity"), new Momentum(0.1f, 0.9f).stateNames());
        assertTrue(new Sgd(0.1f).stateNames().isEmpty());
        // state() returns copies: changing them does not change the optimizer
        state.get("0.weight.exp_avg")[0] = 1e9f;
        assertFalse(adam.state().get("0.weight.exp_avg")[0] == 1e9f);
    }

    /** A restored optimizer continues bit for bit as the one whose state it got. */
    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"})
    void restoredStateContinuesIdentically(String name) {
        Supplier<Optimizer> make = () -> switch (name) {
            case "sgd" -> new Sgd(0.05f);
            case "momentum" -> new Momentum(0.05f, 0.9f);
            case "nesterov" -> new Nesterov(0.05f, 0.9f);
            case "adagrad" -> new Adagrad(0.05f);
            case "rmsprop" -> new RmsProp(0.05f);
            case "adam" -> new Adam(0.01f);
            default -> new AdamW(0.01f);
        };
        Network a = Network.builder(3).dense(4).batchNorm().dense(2).seed(1).build();
        Network b = Network.builder(3).dense(4).batchNorm().dense(2).seed(1).build();
        Parameters pa = a.parameters();
        Parameters pb = b.parameters();
        Optimizer first = make.get();
        for (int s = 0; s < 5; s++) {
            first.step(pa, gradients(pa.size(), s));
        }
        System.arraycopy(pa.values(), 0, pb.values(), 0, pa.size());
        Map<String, float[]> saved = first.state();
        Optimizer second = make.get();
        second.restoreState(pb, saved, first.steps());
        assertEquals(5, second.steps());
        for (int s = 5; s < 10; s++) {
            float[] g = gradients(pa.size(), s);
            first.step(pa, g);
            second.step(pb, g);
        }
        assertArrayEquals(pa.values(), pb.values());
        assertEquals(10, second.steps());
        Map<String, float[]> x = first.state();
        Map<String, float[]> y = second.state();
        assertEquals(x.keySet(), y.keySet());
        for (String key : x.keySet()) {
            assertArrayEquals(x.get(key), y.get(key), key);
        }
    }

    @Test
    void adamWDecaysWeightsNotBiases() {
        Network net = Network.builder(2).dense(1).build();
        float[] w = net.parameters().values();
        w[0] = 1f; w[1] = 1f; w[2] = 1f;
        new AdamW(0.1f, 0.5f).step(net.parameters(), new float[3]); // zero gradient: only the decay moves the weights
        assertEquals(0.95f, w[0], 1e-7);
        assertEquals(0.95f, w[1], 1e-7);
        assertEquals(1f, w[2]);
    }

    @Test
    void stateIsSizedForTheFirstLayout() {
        Sgd sgd = new Sgd(0.1f);
        Network one = Network.builder(1).dense(1).build();
        sgd.step(one.parameters(), new float[2]);
        // Another network of the same layout is fine: there is no binding to a network.
        sgd.step(Network.builder(1).dense(1).build().parameters(), new float[2]);
        Parameters other = Network.builder(3).dense(2).build().parameters();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.step(other, new float[8]));
        assertTrue(e.getMessage().contains("2 parameters") && e.getMessage().contains("have 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sgd.step(one.parameters(), new float[3]));
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(Float.NaN));
    }

    @Test
    void restoreChecksEverythingBeforeChangingAnything() {
        Parameters p = Network.builder(3).dense(2).build().parameters();
        Adam adam = new Adam(0.01f);
        adam.step(p, gradients(p.size(), 1));
        Map<String, float[]> good = adam.state();
        Map<String, float[]> before = adam.state();

        Map<String, float[]> missing = new HashMap<>(good);
        missing.remove("0.bias.exp_avg_sq");
        Map<String, float[]> extra = new HashMap<>(good);
        extra.put("0.bias.momentum_buffer", new float[2]);
        Map<String, float[]> misSized = new HashMap<>(good);
        misSized.put("0.weight.exp_avg", new float[5]);
        misSized.put("0.bias.exp_avg", new float[] {7f, 7f});
        for (Map<String, float[]> bad : List.of(missing, extra, misSized)) {
            assertThrows(IllegalArgumentException.class, () -> adam.restoreState(p, bad, 9));
        }
        assertThrows(IllegalArgumentException.class, () -> adam.restoreState(p, good, -1));
        Parameters other = Network.builder(2).dense(2).build().parameters();
        assertThrows(IllegalArgumentException.class, () -> adam.restoreState(other, new Adam(0.01f).state(), 1));
        assertEquals(1, adam.steps());
        Map<String, float[]> after = adam.state();
        for (String key : before.keySet()) {
            assertArrayEquals(before.get(key), after.get(key), key);
        }
    }

    private static float[] gradients(int n, int s) {
        float[] g = new float[n];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) Math.sin(1.3 * i + s);
        }
        return g;
    }
}
