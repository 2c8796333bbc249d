package dev.vecnet.train;

import dev.vecnet.data.Dataset;
import dev.vecnet.nn.Network;
import dev.vecnet.optim.Adam;
import dev.vecnet.optim.LearningRateSchedule;
import dev.vecnet.testing.SteadyState;

import org.junit.jupiter.api.Test;

/**
 * After warm-up, epochs of the training loop (shuffle, gather, schedule, guarded Adam step, averaging
 * listener) and evaluations allocate nothing. Rounds run until three in a row allocate 0 bytes: the
 * vector kernels allocate until C2 compiles them.
 */
class TrainerAllocationTest {
    @Test
    void epochsAndEvaluationsAllocateNothing() {
        Dataset data = Blobs.make(100, 6, 3, 2.0, 4);
        Network net = Network.builder(6).dense(12).batchNorm().relu().dense(3).maxBatch(16).seed(2).build();
        ParameterAverage avg = ParameterAverage.exponential(net, 0.9f);
        Trainer trainer = Trainer.builder().batchSize(16).listener(avg)
                .schedule(LearningRateSchedule.warmup(10, LearningRateSchedule.cosine(1e-3f, 0f, 100_000))).build();
        Trainer.Loop loop = trainer.new Loop(net, data, 16, new Adam(1e-3f), null, null);
        Evaluator eval = new Evaluator(net, data);
        int[] epoch = {0};
        SteadyState.assertAllocatesNothing(() -> {
            for (int i = 0; i < 20; i++) {
                loop.runEpoch(epoch[0]++);
            }
            eval.evaluate();
        }, 1, 300);
    }
}
