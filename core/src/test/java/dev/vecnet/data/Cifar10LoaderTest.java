package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10LoaderTest {
    @TempDir
    Path dir;

    /** Record i: label i + 3; channel c of pixel p holds (p + 7 c + i) mod 256. */
    private static byte[] records(int n) {
        byte[] bytes = new byte[n * 3073];
        for (int i = 0; i < n; i++) {
            bytes[i * 3073] = (byte) (i + 3);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    bytes[i * 3073 + 1 + c * 1024 + p] = (byte) (p + 7 * c + i);
                }
            }
        }
        return bytes;
    }

    @Test
    void convertsChannelMajorToHeightWidthChannel() throws IOException {
        Path file = dir.resolve("batch.bin");
        Files.write(file, records(2));
        Dataset data = Cifar10Loader.load(file);
        assertEquals(2, data.size());
        assertEquals(3072, data.featureCount());
        assertEquals(10, data.classCount());
        assertArrayEquals(new int[] {3, 4}, data.labels());
        int row = 5;
        int column = 17;
        int p = row * 32 + column;
        for (int c = 0; c < 3; c++) {
            assertEquals(((p + 7 * c + 1) & 0xff) / 255f, data.features()[3072 + p * 3 + c], 0f);
        }
    }

    @Test
    void lengthMustBeAMultipleOfTheRecordAndLabelsInRange() throws IOException {
        Path file = dir.resolve("cut.bin");
        Files.write(file, java.util.Arrays.copyOf(records(2), 3073 + 100));
        String message = assertThrows(DataFormatException.class, () -> Cifar10Loader.load(file)).getMessage();
        assertTrue(message.contains("3173") && message.contains("multiple of the 3073"), message);
        Path empty = dir.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        assertThrows(DataFormatException.class, () -> Cifar10Loader.load(empty));
        byte[] bad = records(2);
        bad[3073] = 10;
        Path labels = dir.resolve("label.bin");
        Files.write(labels, bad);
        String label = assertThrows(DataFormatException.class, () -> Cifar10Loader.load(labels)).getMessage();
        assertTrue(label.contains("byte 3073") && label.contains("label 10"), label);
    }
}
