package dev.vecnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.format.ModelFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --threads} of train, evaluate and predict: one and three threads write the same weights and the
 * same predictions, byte for byte, and a count below 1 is a usage error.
 */
class ThreadsOptionTest {
    @TempDir
    Path dir;

    private CliRun train(int threads) {
        return CliRun.of("train", "--epochs", "2", "--arch", "64-300relu-bn-200relu-10", "--threads",
                String.valueOf(threads), "--out", dir.resolve("t" + threads).toString());
    }

    @Test
    void oneAndThreeThreadsTrainTheSameWeightsAndPredictTheSameRows() throws IOException {
        CliRun one = train(1);
        CliRun three = train(3);
        assertEquals(0, one.status(), one.all());
        assertEquals(0, three.status(), three.all());
        assertTrue(three.out().contains("3 threads"), three.out());
        Path m1 = dir.resolve("t1").resolve(TrainCommand.MODEL_FILE);
        Path m3 = dir.resolve("t3").resolve(TrainCommand.MODEL_FILE);
        assertArrayEquals(ModelFile.load(m1).network().parameters().values(),
                ModelFile.load(m3).network().parameters().values(), "weights of --threads 1 and --threads 3");
        assertEquals(Files.readString(dir.resolve("t1").resolve(TrainCommand.EPOCHS_CSV)).replaceAll(",[^,\n]*\n", "\n"),
                Files.readString(dir.resolve("t3").resolve(TrainCommand.EPOCHS_CSV)).replaceAll(",[^,\n]*\n", "\n"),
                "per-epoch losses and accuracies (the last column, seconds, aside)");

        Path input = dir.resolve("digits.csv");
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < 64; c++) {
            csv.append(c == 0 ? "" : ",").append("f").append(c);
        }
        csv.append('\n');
        for (int r = 0; r < 700; r++) {
            for (int c = 0; c < 64; c++) {
                csv.append(c == 0 ? "" : ",").append((r * 7 + c * 3) % 17);
            }
            csv.append('\n');
        }
        Files.writeString(input, csv);
        CliRun p1 = CliRun.of("predict", "--model", m1.toString(), "--input", input.toString(), "--output",
                dir.resolve("p1.csv").toString(), "--threads", "1");
        CliRun p3 = CliRun.of("predict", "--model", m1.toString(), "--input", input.toString(), "--output",
                dir.resolve("p3.csv").toString(), "--threads", "3", "--batch-size", "700");
        assertEquals(0, p1.status(), p1.all());
        assertEquals(0, p3.status(), p3.all());
        assertEquals(Files.readString(dir.resolve("p1.csv")), Files.readString(dir.resolve("p3.csv")));

        CliRun e1 = CliRun.of("evaluate", "--model", m1.toString(), "--split", "all", "--threads", "1");
        CliRun e3 = CliRun.of("evaluate", "--model", m1.toString(), "--split", "all", "--threads", "3");
        assertEquals(0, e3.status(), e3.all());
        assertEquals(e1.out(), e3.out());
    }

    @Test
    void slicedTrainingWritesTheSameWeightsOnOneAndTwoThreads() throws IOException {
        String[] arch = {"--epochs", "2", "--arch", "64-100relu-50relu-10", "--slices", "4"};
        CliRun one = CliRun.of(concat(arch, "--threads", "1", "--out", dir.resolve("s1").toString()));
        CliRun two = CliRun.of(concat(arch, "--threads", "2", "--out", dir.resolve("s2").toString()));
        assertEquals(0, one.status(), one.all());
        assertEquals(0, two.status(), two.all());
        assertTrue(two.out().contains("4 data-parallel slices"), two.out());
        assertArrayEquals(ModelFile.load(dir.resolve("s1").resolve(TrainCommand.MODEL_FILE)).network().parameters().values(),
                ModelFile.load(dir.resolve("s2").resolve(TrainCommand.MODEL_FILE)).network().parameters().values(),
                "weights of --slices 4 on one and two threads");
    }

    @Test
    void slicesOnABatchNormNetworkOrAboveTheBatchAreUsageErrorsThatWriteNothing() {
        CliRun bn = CliRun.of("train", "--arch", "64-100relu-bn-10", "--slices", "2", "--out", dir.resolve("bn").toString());
        assertEquals(2, bn.status(), bn.all());
        assertTrue(bn.err().contains("BatchNorm"), bn.err());
        CliRun big = CliRun.of("train", "--batch-size", "8", "--slices", "9", "--out", dir.resolve("big").toString());
        assertEquals(2, big.status(), big.all());
        assertTrue(big.err().contains("--slices must be from 1 to the batch size 8"), big.err());
        assertTrue(Files.notExists(dir.resolve("bn")) && Files.notExists(dir.resolve("big")), "an output folder was created");
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length + 1);
        all[0] = "train";
        System.arraycopy(first, 0, all, 1, first.length);
        System.arraycopy(rest, 0, all, first.length + 1, rest.length);
        return all;
    }

    @Test
    void aThreadCountBelowOneIsAUsageError() {
        for (String command : new String[] {"train", "evaluate", "predict"}) {
            CliRun run = command.equals("train")
                    ? CliRun.of("train", "--threads", "0", "--out", dir.resolve("x").toString())
                    : command.equals("evaluate")
                    ? CliRun.of("evaluate", "--model", dir.resolve("none").toString(), "--threads", "0")
                    : CliRun.of("predict", "--model", "m", "--input", "i", "--output", "o", "--threads", "0");
            assertEquals(2, run.status(), command + ": " + run.all());
            assertTrue(run.err().contains("--threads must be >= 1"), command + ": " + run.err());
        }
    }
}
