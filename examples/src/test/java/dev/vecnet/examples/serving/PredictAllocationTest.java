package dev.vecnet.examples.serving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vecnet part of a request, a worker's {@link PredictorSlot#predict} (the predictor's copy and
 * preprocessing, the forward pass, the probabilities and the classes), allocates nothing once warm: the
 * thread's allocated-bytes counter does not move across thousands of calls of 1 and of many rows.
 */
class PredictAllocationTest {
    private static final int CALLS = 5_000;
    private static final int MAX_ROUNDS = 10;

    @TempDir
    Path dir;

    @Test
    void predictingAllocatesNothingOnceWarm() throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        for (Path file : new Path[] {TestModels.classifier(dir, 9), ExampleModel.write(dir.resolve("w2b.safetensors"), 9)}) {
            ServingModel model = ServingModel.load(file, 1, 2, 16);
            // Warm first: until C2 has compiled the Vector API kernels, they allocate a box per vector operation.
            assertTrue(model.warmUp(Duration.ofSeconds(60), 10_000).allocationFree(), "the warm-up did not settle in 60 s");
            PredictorSlot slot = model.slot(1);
            for (int i = 0; i < slot.input.length; i++) {
                slot.input[i] = (i % 13) * 0.25f - 1.5f;
            }
            long id = Thread.currentThread().getId();
            // The counter's own overhead, measured the same way with no call in between.
            long baseline = -threads.getThreadAllocatedBytes(id) + threads.getThreadAllocatedBytes(id);
            // Steady state: two rounds in a row allocate nothing. A single round can see a one-off of a few hundred
            // bytes on the scalar kernels, where the JIT is still at work after the warm-up (a deoptimisation
            // re-creates objects that compiled code kept in registers); a per-call allocation shows in every round.
            long allocated = -1;
            int cleanRounds = 0;
            for (int round = 0; round < MAX_ROUNDS && cleanRounds < 2; round++) {
                long before = threads.getThreadAllocatedBytes(id);
                for (int call = 0; call < CALLS; call++) {
                    slot.predict((call & 3) == 0 ? 16 : 1);
                }
                allocated = threads.getThreadAllocatedBytes(id) - before;
                cleanRounds = allocated == baseline ? cleanRounds + 1 : 0;
            }
            assertEquals(baseline, allocated, file.getFileName() + ": " + allocated + " bytes allocated in the last "
                    + CALLS + " predictions after " + MAX_ROUNDS + " rounds");
            assertTrue(slot.outputs[0] > 0f && slot.outputs[0] < 1f, "the calls ran: a probability " + slot.outputs[0]);
        }
    }
}
