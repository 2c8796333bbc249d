package dev.vecnet.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.nn.Network;

import org.junit.jupiter.api.Test;

/** The course's XOR network learns XOR in 5000 full-batch steps. */
class XorExampleTest {
    @Test
    void learnsXor() {
        Network net = XorExample.train(5000, 4f, 1);
        float[] out = net.newInferenceContext(4).forward(XorExample.INPUTS, 0, 4);
        for (int i = 0; i < 4; i++) {
            float target = XorExample.TARGETS[i];
            assertTrue(Math.abs(out[i] - target) < 0.2, "example " + i + ": output " + out[i] + ", target " + target);
        }
    }
}
