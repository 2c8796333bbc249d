package dev.vecnet.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.nn.Network;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every optimizer against torch.optim for 100 steps (fixtures from tools/make_optim_golden.py). */
class OptimizerParityTest {

    static List<float[]> read(String name) throws IOException {
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                OptimizerParityTest.class.getResourceAsStream("/golden/optim/" + name + ".txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] parts = line.trim().split(" ");
                float[] row = new float[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    row[i] = Float.parseFloat(parts[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static Optimizer make(String name) {
        Supplier<Optimizer> s = switch (name) {
            case "sgd" -> () -> new Sgd(0.1f);
            case "momentum" -> () -> new Momentum(0.05f, 0.9f);
            case "nesterov" -> () -> new Nesterov(0.05f, 0.9f);
            case "adagrad" -> () -> new Adagrad(0.1f, 1e-10f);
            case "rmsprop" -> () -> new RmsProp(0.01f, 0.99f, 1e-8f);
            case "adam" -> () -> new Adam(0.01f);
            case "adamw" -> () -> new AdamW(0.01f, 0.1f);
            default -> throw new IllegalArgumentException(name);
        };
        return s.get();
    }

    private static double rms(float[] a) {
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        return Math.sqrt(s / a.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"})
    void matchesTorchOptimForHundredSteps(String name) throws IOException {
        List<float[]> grads = read("gradients");
        List<float[]> expected = read(name);
        assertEquals(100, expected.size());
        Network net = Network.builder(3).dense(2).build();
        float[] w = net.parameters().values();
        float[] g = new float[w.length];
        System.arraycopy(grads.get(0), 0, w, 0, w.length);
        Optimizer opt = make(name);
        assertEquals(name, opt.name());
        for (int step = 0; step < 100; step++) {
            System.arraycopy(grads.get(step + 1), 0, g, 0, g.length);
            opt.step(net.parameters(), g);
            float[] want = expected.get(step);
            double scale = rms(want);
            for (int i = 0; i < w.length; i++) {
                // relative to the element, or to the vector's scale for elements near a zero crossing,
                // where float cancellation leaves an error of ulp(scale)
                double tol = 1e-5 * Math.max(scale, Math.abs(want[i]));
                assertTrue(Math.abs(w[i] - want[i]) <= tol,
                        name + " step " + (step + 1) + " param " + i + ": " + w[i] + " vs torch " + want[i]);
            }
        }
        assertEquals(100, opt.steps());
    }
}
