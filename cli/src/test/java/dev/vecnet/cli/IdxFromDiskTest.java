package dev.vecnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.vecnet.data.Dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An IDX pair too large for memory is trained from disk on exactly the examples loading it would give. */
class IdxFromDiskTest {
    @TempDir
    Path dir;

    @Test
    void theMappedPathPreparesTheExamplesOfTheInMemoryPath() throws IOException {
        int n = 500;
        Random random = new Random(3);
        ByteBuffer images = ByteBuffer.allocate(16 + n * 16).putInt(0x803).putInt(n).putInt(4).putInt(4);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(4);
            for (int p = 0; p < 16; p++) {
                images.put((byte) (random.nextInt(128) + (p % 4 == label ? 100 : 0)));
            }
            labels.put((byte) label);
        }
        Path imageFile = dir.resolve("d-images-idx3-ubyte");
        Files.write(imageFile, images.array());
        Files.write(dir.resolve("d-labels-idx1-ubyte"), labels.array());
        DataOptions options = new DataOptions();
        options.data = imageFile.toString();
        options.maxBytes = ByteSize.DEFAULT_MAX_BYTES;
        options.validationFraction = 0.2;
        options.testFraction = 0.1;
        options.seed = 9;
        PreparedData inMemory = PreparedData.prepare(options, true, null, Long.MAX_VALUE);
        PreparedData fromDisk = PreparedData.prepare(options, true, null, 0);
        assertInstanceOf(Dataset.class, inMemory.train());
        assertEquals(false, fromDisk.train() instanceof Dataset, "the bound 0 takes the mapped path");
        Dataset train = fromDisk.trainInMemory(n);
        assertArrayEquals(((Dataset) inMemory.train()).features(), train.features());
        assertArrayEquals(((Dataset) inMemory.train()).labels(), train.labels());
        assertArrayEquals(inMemory.validation().features(), fromDisk.validation().features());
        assertArrayEquals(inMemory.test().labels(), fromDisk.test().labels());
        assertArrayEquals(inMemory.preprocessor().state().get("std"), fromDisk.preprocessor().state().get("std"));
        assertEquals(inMemory.classes(), fromDisk.classes());
    }
}
