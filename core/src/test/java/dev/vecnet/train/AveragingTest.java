package dev.vecnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vecnet.nn.Network;

import org.junit.jupiter.api.Test;

class AveragingTest {

    private static Network small() {
        return Network.builder(2).dense(2).build(); // 6 parameters
    }

    private static void set(Network net, float v) {
        java.util.Arrays.fill(net.parameters().values(), v);
        net.parametersChanged();
    }

    @Test
    void polyakIsTheArithmeticMean() {
        Network net = small();
        ParameterAverage avg = ParameterAverage.polyak(net);
        for (int v = 1; v <= 4; v++) {
            set(net, v);
            avg.update();
        }
        assertEquals(4, avg.count());
        for (float a : avg.values()) {
            assertEquals(2.5f, a);
        }
    }

    @Test
    void exponentialFollowsItsRecurrenceAndSwapsInAndOut() {
        Network net = small();
        ParameterAverage avg = ParameterAverage.exponential(net, 0.5f);
        set(net, 4f);
        avg.update(); // avg = 4
        set(net, 2f);
        avg.update(); // 0.5 * 4 + 0.5 * 2 = 3
        set(net, 1f);
        avg.update(); // 0.5 * 3 + 0.5 * 1 = 2
        assertEquals(2f, avg.values()[0]);
        avg.swap();
        assertEquals(2f, net.parameters().values()[5]);
        avg.swap();
        assertEquals(1f, net.parameters().values()[5]);
        Network other = small();
        avg.copyTo(other);
        assertArrayEquals(avg.values(), other.parameters().values());
        assertThrows(IllegalStateException.class, () -> ParameterAverage.polyak(small()).swap());
    }

    @Test
    void checkpointAverageKeepsOnlyTheLastK() {
        Network net = small();
        CheckpointAverage avg = new CheckpointAverage(net, 3);
        for (int v = 1; v <= 5; v++) {
            set(net, v);
            avg.record();
        }
        assertEquals(3, avg.kept());
        Network out = small();
        avg.copyAverageTo(out);
        for (float w : out.parameters().values()) {
            assertEquals(4f, w); // (3 + 4 + 5) / 3
        }
        net.parameters().values()[0] = 7f;
        avg.record(); // ring is now 4, 5, 7 for element 0 and 4, 5, 5 for the rest
        avg.copyAverageTo(out);
        assertEquals(16f / 3, out.parameters().values()[0], 0f);
        assertEquals(14f / 3, out.parameters().values()[1], 0f);
    }
}
