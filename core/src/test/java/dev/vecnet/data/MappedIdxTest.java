package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** A plain IDX pair read through its mapping gives the examples {@link IdxLoader} reads into memory. */
class MappedIdxTest {

    /** Writes {@code n} random images of {@code rows x columns} and labels below {@code classes}; returns both. */
    static Path[] idx(Path dir, int n, int rows, int columns, int classes, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] pixels = new byte[n * rows * columns];
        random.nextBytes(pixels);
        ByteBuffer images = ByteBuffer.allocate(16 + pixels.length).putInt(0x803).putInt(n).putInt(rows).putInt(columns)
                .put(pixels);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            labels.put((byte) random.nextInt(classes));
        }
        Path imageFile = dir.resolve("images-idx3-ubyte");
        Path labelFile = dir.resolve("labels-idx1-ubyte");
        Files.write(imageFile, images.array());
        Files.write(labelFile, labels.array());
        return new Path[] {imageFile, labelFile};
    }

    @Property(tries = 40)
    void mappedImagesAreTheImagesTheLoaderReads(@ForAll @IntRange(min = 1, max = 60) int n,
                                                @ForAll @IntRange(min = 1, max = 6) int rows,
                                                @ForAll @IntRange(min = 1, max = 6) int columns,
                                                @ForAll @IntRange(min = 1, max = 256) int classes,
                                                @ForAll @IntRange(min = 1, max = 200) int windowBytes,
                                                @ForAll long seed) throws IOException {
        Path dir = Files.createTempDirectory("idx");
        try {
            Path[] files = idx(dir, n, rows, columns, classes, seed);
            Dataset loaded = new IdxLoader().load(files[0], files[1]);
            MappedIdx mapped = MappedIdx.open(files[0], files[1], windowBytes);
            assertEquals(loaded.size(), mapped.count());
            assertEquals(loaded.featureCount(), mapped.featureCount());
            assertEquals(loaded.classCount(), mapped.classCount());
            Dataset copied = Dataset.copyOf(mapped);
            assertArrayEquals(loaded.features(), copied.features());
            assertArrayEquals(loaded.labels(), copied.labels());
        } finally {
            for (String name : new String[] {"images-idx3-ubyte", "labels-idx1-ubyte"}) {
                Files.deleteIfExists(dir.resolve(name));
            }
            Files.delete(dir);
        }
    }

    @Property(tries = 20)
    void filesWhoseLengthOrCountsDisagreeAreRefused(@ForAll @IntRange(min = 1, max = 30) int cut) throws IOException {
        Path dir = Files.createTempDirectory("idx");
        try {
            Path[] files = idx(dir, 30, 3, 3, 4, cut);
            byte[] labels = Files.readAllBytes(files[1]);
            Files.write(files[1], java.util.Arrays.copyOf(labels, labels.length - cut));
            DataFormatException e = assertThrows(DataFormatException.class, () -> MappedIdx.open(files[0], files[1]));
            assertTrue(e.getMessage().startsWith(files[1].toString()), e.getMessage());
            byte[] images = Files.readAllBytes(files[0]);
            Files.write(files[0], java.util.Arrays.copyOf(images, images.length - cut));
            e = assertThrows(DataFormatException.class, () -> MappedIdx.open(files[0], files[1]));
            assertTrue(e.getMessage().startsWith(files[0].toString()), e.getMessage());
        } finally {
            for (String name : new String[] {"images-idx3-ubyte", "labels-idx1-ubyte"}) {
                Files.deleteIfExists(dir.resolve(name));
            }
            Files.delete(dir);
        }
    }
}
