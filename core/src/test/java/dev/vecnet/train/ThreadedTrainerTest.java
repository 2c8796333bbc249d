package dev.vecnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.data.Dataset;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Momentum;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * A fit on 1, 2, 3 and 4 threads ends with the bits of the single-threaded trainer: parameters (running
 * statistics included), every iteration's loss and every epoch's training and validation loss and accuracy.
 * The fit starts its own team and stops it; a lent team is left open.
 */
class ThreadedTrainerTest {
    private static final Dataset TRAIN = Blobs.make(1000, 200, 5, 3.0, 21);
    private static final Dataset VALIDATION = Blobs.make(300, 200, 5, 3.0, 22);

    private static Network network() {
        return Network.builder(200).dense(256).batchNorm().relu().dropout(0.2f).dense(129).relu().dense(5)
                .l2(1e-3f).maxBatch(100).seed(4).build();
    }

    private record Result(float[] parameters, History history) {
    }

    private static Result fit(Trainer.Builder builder) {
        Network net = network();
        History history = builder.epochs(2).batchSize(100).seed(9).validation(VALIDATION).build()
                .fit(net, TRAIN, new Momentum(0.01f, 0.9f));
        return new Result(net.parameters().values().clone(), history);
    }

    private static void assertSame(Result expected, Result actual, String what) {
        assertArrayEquals(expected.parameters(), actual.parameters(), what + ": parameters");
        assertArrayEquals(expected.history().iterationLosses(), actual.history().iterationLosses(), what + ": iteration losses");
        assertArrayEquals(expected.history().trainLoss(), actual.history().trainLoss(), what + ": training loss");
        assertArrayEquals(expected.history().trainAccuracy(), actual.history().trainAccuracy(), what + ": training accuracy");
        assertArrayEquals(expected.history().validationLoss(), actual.history().validationLoss(), what + ": validation loss");
        assertArrayEquals(expected.history().validationAccuracy(), actual.history().validationAccuracy(),
                what + ": validation accuracy");
    }

    private static Set<Thread> workers() {
        Set<Thread> found = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("vecnet-worker-") && t.isAlive()) {
                found.add(t);
            }
        }
        return found;
    }

    @Test
    void everyThreadCountGivesTheSingleThreadedTrainersBits() {
        Result single = fit(Trainer.builder());
        assertTrue(single.history().trainAccuracy()[1] > 0.5, "the fit learns something");
        Set<Thread> before = workers();
        for (int threads = 1; threads <= 4; threads++) {
            assertSame(single, fit(Trainer.builder().threads(threads)), threads + " threads");
        }
        Set<Thread> after = workers();
        after.removeAll(before);
        assertEquals(Set.of(), after, "threads a fit started are still alive after it returned");
    }

    @Test
    void aLentTeamGivesTheSameBitsAndStaysOpen() {
        Result single = fit(Trainer.builder());
        try (WorkerTeam team = new WorkerTeam(3)) {
            assertSame(single, fit(Trainer.builder().threads(team)), "a lent team of 3");
            assertFalse(team.isClosed(), "the fit closed a team it did not start");
        }
    }

    @Test
    void anEvaluatorOnATeamGivesTheSameLossAndAccuracy() {
        Network net = network();
        Evaluator alone = new Evaluator(net, TRAIN);
        alone.evaluate();
        for (int threads = 2; threads <= 4; threads++) {
            try (WorkerTeam team = new WorkerTeam(threads)) {
                Evaluator split = new Evaluator(net, TRAIN, team);
                split.evaluate();
                assertEquals(alone.loss(), split.loss(), threads + " threads: loss");
                assertEquals(alone.accuracy(), split.accuracy(), threads + " threads: accuracy");
            }
        }
    }

    /** Data-parallel fits: slices fixed by the batch, so every thread count gives the bits of one thread. */
    @Test
    void slicedFitsGiveTheSameBitsOnEveryThreadCount() {
        java.util.function.Supplier<Network> noBatchNorm = () -> Network.builder(200).dense(256).relu().dropout(0.2f)
                .dense(129).relu().dense(5).l2(1e-3f).maxBatch(100).seed(4).build();
        java.util.function.Function<Trainer.Builder, Result> fit = builder -> {
            Network net = noBatchNorm.get();
            History history = builder.epochs(2).batchSize(100).seed(9).validation(VALIDATION).slices(4).build()
                    .fit(net, TRAIN, new Momentum(0.01f, 0.9f));
            return new Result(net.parameters().values().clone(), history);
        };
        Result single = fit.apply(Trainer.builder());
        assertTrue(single.history().trainAccuracy()[1] > 0.5, "the sliced fit learns something");
        for (int threads = 2; threads <= 4; threads++) {
            assertSame(single, fit.apply(Trainer.builder().threads(threads)), "4 slices on " + threads + " threads");
        }
    }

    @Test
    void slicesOnABatchNormNetworkAreRefusedBeforeTraining() {
        Network net = network();
        float[] before = net.parameters().values().clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder().slices(2)
                .threads(2).build().fit(net, TRAIN, new Momentum(0.01f, 0.9f)));
        assertTrue(e.getMessage().contains("BatchNorm"), e.getMessage());
        assertArrayEquals(before, net.parameters().values(), "parameters changed by a refused fit");
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().slices(0));
    }

    @Test
    void aThreadCountBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().threads(0));
    }
}
