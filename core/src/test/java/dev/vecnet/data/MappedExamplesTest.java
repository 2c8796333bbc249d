package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.nn.Network;
import dev.vecnet.optim.Adam;
import dev.vecnet.train.Trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedExamplesTest {
    @TempDir
    Path dir;

    static Dataset randomLabelled(int n, int f, int classes, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n * f];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(classes);
            for (int j = 0; j < f; j++) {
                x[i * f + j] = (float) random.nextGaussian() + (j % classes == y[i] ? 1.5f : 0f);
            }
        }
        return Dataset.ofLabels(x, f, y, classes);
    }

    static Path write(Dataset data, Path file) throws IOException {
        try (DataFileWriter out = data.hasLabels() ? DataFileWriter.forLabels(file, data.featureCount())
                : DataFileWriter.forTargets(file, data.featureCount(), data.targetCount())) {
            for (int i = 0; i < data.size(); i++) {
                if (data.hasLabels()) {
                    out.writeLabelled(data.features(), i * data.featureCount(), data.labels()[i]);
                } else {
                    out.writeTargets(data.features(), i * data.featureCount(), data.targets(), i * data.targetCount());
                }
            }
            out.finish();
        }
        return file;
    }

    @Test
    void gathersTheWrittenRowsAcrossWindowBoundaries() throws IOException {
        Dataset data = randomLabelled(101, 7, 4, 1);
        Path file = write(data, dir.resolve("d.vecdata"));
        assertEquals(64 + 101 * 8 * 4, Files.size(file));
        assertFalse(Files.exists(dir.resolve("d.vecdata.part")));
        // Windows of 3 records (96 bytes): most batches cross a window boundary.
        MappedExamples mapped = MappedExamples.open(file, 3 * 8 * 4 + 5);
        assertEquals(101, mapped.count());
        assertEquals(7, mapped.featureCount());
        assertEquals(data.classCount(), mapped.classCount());
        mapped.verify();
        long[] rows = {100, 0, 3, 2, 57, 3};
        float[] x = new float[rows.length * 7];
        int[] y = new int[rows.length];
        mapped.gather(rows, rows.length, x, y, null);
        for (int i = 0; i < rows.length; i++) {
            int r = (int) rows[i];
            for (int j = 0; j < 7; j++) {
                assertEquals(Float.floatToRawIntBits(data.features()[r * 7 + j]), Float.floatToRawIntBits(x[i * 7 + j]));
            }
            assertEquals(data.labels()[r], y[i]);
        }
        Dataset copy = mapped.toDataset();
        assertArrayEquals(data.features(), copy.features());
        assertArrayEquals(data.labels(), copy.labels());
        assertThrows(IndexOutOfBoundsException.class, () -> mapped.gather(new long[] {101}, 1, x, y, null));
    }

    @Test
    void keepsRegressionTargets() throws IOException {
        float[] x = {1, 2, 3, 4, 5, 6};
        float[] t = {0.5f, -1, 2.25f, 7, -0f, 3};
        Dataset data = Dataset.ofTargets(x, 2, t, 2);
        MappedExamples mapped = MappedExamples.open(write(data, dir.resolve("t.vecdata")));
        assertFalse(mapped.hasLabels());
        assertEquals(2, mapped.targetCount());
        Dataset copy = mapped.toDataset();
        assertArrayEquals(x, copy.features());
        assertArrayEquals(t, copy.targets());
    }

    @Test
    void trainsToTheSameWeightsBitForBitAsTheSameDataInMemory() throws IOException {
        Dataset data = randomLabelled(203, 12, 3, 7);
        Path file = write(data, dir.resolve("train.vecdata"));
        float[] inMemory = train(data);
        float[] fromWindows = train(MappedExamples.open(file, 5 * 13 * 4));
        float[] fromFile = train(MappedExamples.open(file));
        assertArrayEquals(inMemory, fromFile);
        assertArrayEquals(inMemory, fromWindows);
        assertFalse(java.util.Arrays.equals(inMemory, train(randomLabelled(203, 12, 3, 8))), "training must depend on the data");
    }

    private static float[] train(Examples data) {
        Network net = Network.builder(12).dense(16).relu().dense(3).seed(3).maxBatch(16).build();
        Trainer.builder().epochs(3).batchSize(16).seed(11).build().fit(net, data, new Adam(0.01f));
        return net.parameters().values().clone();
    }

    @Test
    void refusesALabelOutsideTheDeclaredClassesWhenGathering() throws IOException {
        Path file = write(randomLabelled(4, 2, 2, 3), dir.resolve("l.vecdata"));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(64 + 3 * 12 + 8, 9);
        Files.write(file, bytes);
        MappedExamples mapped = MappedExamples.open(file);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> mapped.gather(new long[] {3}, 1, new float[2], new int[1], null));
        assertTrue(e.getCause() instanceof DataFormatException);
        assertTrue(e.getCause().getMessage().contains("row 3: label 9"), e.getCause().getMessage());
        DataFormatException checksum = assertThrows(DataFormatException.class, mapped::verify);
        assertTrue(checksum.getMessage().contains("label 9"), checksum.getMessage());
    }

    @Test
    void verifyFindsDamagedRecords() throws IOException {
        Path file = write(randomLabelled(10, 3, 2, 5), dir.resolve("c.vecdata"));
        byte[] bytes = Files.readAllBytes(file);
        bytes[64 + 17] ^= 1;
        Files.write(file, bytes);
        String message = assertThrows(DataFormatException.class, () -> MappedExamples.open(file).verify()).getMessage();
        assertTrue(message.contains("data checksum mismatch"), message);
    }

    @Test
    void aFailedConversionLeavesNoFile() throws IOException {
        Path file = dir.resolve("x.vecdata");
        try (DataFileWriter out = DataFileWriter.forLabels(file, 2)) {
            out.writeLabelled(new float[] {1, 2}, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> out.writeLabelled(new float[] {Float.NaN, 2}, 0, 0));
        }
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(dir.resolve("x.vecdata.part")));
    }
}
