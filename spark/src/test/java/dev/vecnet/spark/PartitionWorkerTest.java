package dev.vecnet.spark;

import dev.vecnet.format.ModelFile;
import dev.vecnet.format.SaveOptions;
import dev.vecnet.nn.Network;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The executor-side worker without Spark: its steps allocate nothing, and a replay reaches the same state. */
class PartitionWorkerTest {
    private static final TestData DATA = new TestData(200, 5, 3, 2.0, 4);

    private static PartitionData partition() {
        PartitionData.Builder b = new PartitionData.Builder(5, 3);
        for (int i = 0; i < 200; i++) {
            b.add(Vectors.dense(TestData.toDouble(DATA.features, i * 5, 5)), DATA.labels[i]);
        }
        return b.build();
    }

    private static Network network() {
        return Network.builder(5).dense(8).batchNorm().relu().dropout(0.1f).dense(3).seed(6).build();
    }

    private static RunConfig config(Network net) {
        return new RunConfig("worker-test", ModelFile.toBytes(net, SaveOptions.defaults()), 6, 1, new int[] {16},
                new OptimizerSpec("adam", 0.01f).factory(), TaskHook.NONE);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * A round allocates its optimizer, its result and the state copies once; the steps themselves nothing. Rounds
     * of 10 and of 410 steps alternate until three pairs in a row differ by less than 1 KB: the vector kernels
     * allocate until C2 has compiled them (as the core's allocation tests note).
     */
    @Test
    void localStepsAllocateNothingPerStep() {
        Network net = network();
        PartitionWorker worker = new PartitionWorker(config(net), 0, partition());
        RoundInput input = new RoundInput(net.parameters().values().clone(), net.batchesTracked(), Map.of(), 0, 0.01f, null);
        long position = 0;
        int quiet = 0;
        String last = "";
        for (int attempt = 0; attempt < 200 && quiet < 3; attempt++) {
            long before = allocatedBytes();
            worker.localSteps(2L * attempt, position, position + 10, input);
            long shortRound = allocatedBytes() - before;
            position += 10;
            before = allocatedBytes();
            worker.localSteps(2L * attempt + 1, position, position + 410, input);
            long longRound = allocatedBytes() - before;
            position += 410;
            quiet = longRound - shortRound < 1024 ? quiet + 1 : 0;
            last = shortRound + " bytes for 10 steps, " + longRound + " for 410";
        }
        assertTrue(quiet == 3, "400 more steps still allocate: " + last);
    }

    /** A worker asked for an earlier step (a retried task) replays and gives what a fresh worker gives. */
    @Test
    void aWorkerPastTheStepReplaysToTheSameResult() {
        Network net = network();
        RoundInput input = new RoundInput(net.parameters().values().clone(), net.batchesTracked(), Map.of(), 0, 0.01f, null);
        PartitionWorker fresh = new PartitionWorker(config(net), 0, partition());
        fresh.localSteps(0, 0, 25, input);
        float[] expected = fresh.localSteps(1, 25, 50, input).values();

        PartitionWorker ahead = new PartitionWorker(config(net), 0, partition());
        ahead.localSteps(0, 0, 25, input);
        ahead.localSteps(1, 25, 50, input);
        ahead.localSteps(2, 50, 60, input);
        assertArrayEquals(expected, ahead.localSteps(1, 25, 50, input).values());
    }
}
