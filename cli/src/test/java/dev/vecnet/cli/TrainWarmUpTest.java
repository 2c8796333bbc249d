package dev.vecnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vecnet.format.ModelFile;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} warms its code up on a throwaway network while the data loads when {@code --arch} names the
 * architecture: the model is the same, bit for bit, as that of the same architecture chosen by default (no
 * warm-up).
 */
class TrainWarmUpTest {
    @TempDir
    Path dir;

    @Test
    void aWarmedUpRunWritesTheWeightsOfARunWithout() throws java.io.IOException {
        // Digits' default architecture is 64-256relu-10: the same network with and without --arch.
        CliRun given = CliRun.of("train", "--epochs", "2", "--arch", "64-256relu-10", "--threads", "1", "--out",
                dir.resolve("given").toString());
        CliRun byDefault = CliRun.of("train", "--epochs", "2", "--threads", "1", "--out", dir.resolve("default").toString());
        assertEquals(0, given.status(), given.all());
        assertEquals(0, byDefault.status(), byDefault.all());
        assertArrayEquals(ModelFile.load(dir.resolve("default").resolve(TrainCommand.MODEL_FILE)).network().parameters().values(),
                ModelFile.load(dir.resolve("given").resolve(TrainCommand.MODEL_FILE)).network().parameters().values());
    }

    @Test
    void aWarmUpStartsOnlyForAGivenArchitectureThatFitsTwice() {
        TrainCommand withArch = parsed("train", "--arch", "64-32relu-10", "--epochs", "1");
        var warmUp = withArch.startWarmUp();
        assertNotNull(warmUp);
        warmUp.stop();
        assertNull(parsed("train", "--epochs", "1").startWarmUp(), "the default architecture needs the data");
        long huge = TrainCommand.WARM_UP_MAX_PARAMETERS;
        assertNull(parsed("train", "--arch", "4096-" + (huge / 4096 + 1) + "relu-10").startWarmUp(),
                "a network above the size limit is not built twice");
        assertNull(parsed("train", "--arch", "64-32relu-10", "--l2", "-1").startWarmUp(),
                "a wrong option starts nothing; the run reports it");
    }

    private static TrainCommand parsed(String... args) {
        TrainCommand command = new TrainCommand(new Output(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), false));
        new picocli.CommandLine(command).parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));
        return command;
    }
}
