package dev.vecnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Adam;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The training warm-up runs real steps on its own network and leaves a run beside it bit for bit as it would
 * be without it.
 */
class TrainingWarmUpTest {
    private static Network network(long seed) {
        return Network.builder(16).dense(32).relu().dense(4).maxBatch(8).seed(seed).build();
    }

    @Test
    void aRunBesideAWarmUpHasTheBitsOfARunAlone() throws InterruptedException {
        Dataset data = Blobs.make(96, 16, 4, 2.0, 3);
        Trainer trainer = Trainer.builder().epochs(3).batchSize(8).build();
        Network alone = network(1);
        trainer.fit(alone, data, new Adam(1e-3f));

        Network throwaway = network(1);
        float[] throwawayBefore = throwaway.parameters().values().clone();
        // On a team of two, as a two-thread run's warm-up is.
        TrainingWarmUp warmUp = TrainingWarmUp.start(throwaway, 8, new Adam(1e-3f), 2, Duration.ofMinutes(1));
        Network beside = network(1);
        trainer.fit(beside, data, new Adam(1e-3f));
        awaitSteps(warmUp);
        assertTrue(warmUp.stop() > 0);
        assertNull(warmUp.failure());
        assertArrayEquals(alone.parameters().values(), beside.parameters().values());
        assertTrue(!java.util.Arrays.equals(throwawayBefore, throwaway.parameters().values()),
                "the warm-up trained its own network");
    }

    @Test
    void aTargetLossWarmsUpAndAZeroBudgetRunsNoStep() throws InterruptedException {
        Network regression = Network.builder(3).dense(5).tanh().dense(2).loss(Loss.meanSquaredError()).maxBatch(4)
                .seed(2).build();
        TrainingWarmUp none = TrainingWarmUp.start(regression, 4, new Adam(1e-3f), 1, Duration.ZERO);
        assertTrue(none.stop() == 0, "no step within a zero budget");
        TrainingWarmUp some = TrainingWarmUp.start(regression, 4, new Adam(1e-3f), 1, Duration.ofMinutes(1));
        awaitSteps(some);
        some.stop();
        assertNull(some.failure());
        long after = some.steps();
        Thread.sleep(20);
        assertTrue(some.steps() == after, "no step after stop() returned");
    }

    /** Waits until the warm-up has run a few steps (it runs until stopped, so this ends). */
    private static void awaitSteps(TrainingWarmUp warmUp) throws InterruptedException {
        while (warmUp.steps() < 10) {
            Thread.sleep(1);
        }
    }

    @Test
    void aBatchOutsideTheNetworkOrANegativeBudgetIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> TrainingWarmUp.start(network(1), 9, new Adam(1e-3f), 1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingWarmUp.start(network(1), 0, new Adam(1e-3f), 1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingWarmUp.start(network(1), 8, new Adam(1e-3f), 1, Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingWarmUp.start(network(1), 8, new Adam(1e-3f), 0, Duration.ofSeconds(1)));
    }
}
