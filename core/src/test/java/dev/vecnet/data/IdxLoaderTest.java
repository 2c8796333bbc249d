package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxLoaderTest {
    @TempDir
    Path dir;

    private static byte[] images(int magic, int count, int rows, int columns, int payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload);
        b.putInt(magic).putInt(count).putInt(rows).putInt(columns);
        for (int i = 0; i < payload; i++) {
            b.put((byte) (i * 37));
        }
        return b.array();
    }

    private static byte[] labels(int count, int payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload);
        b.putInt(0x801).putInt(count);
        for (int i = 0; i < payload; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        if (name.endsWith(".gz")) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(raw)) {
                out.write(bytes);
            }
            bytes = raw.toByteArray();
        }
        Files.write(file, bytes);
        return file;
    }

    @Test
    void readsImagesScaledAndLabelsPlainAndGzip() throws IOException {
        for (String suffix : new String[] {"", ".gz"}) {
            Path img = write("img" + suffix, images(0x803, 3, 2, 4, 24));
            Path lab = write("lab" + suffix, labels(3, 3));
            Dataset data = new IdxLoader().load(img, lab);
            assertEquals(3, data.size());
            assertEquals(8, data.featureCount());
            assertArrayEquals(new int[] {0, 1, 2}, data.labels());
            for (int i = 0; i < 24; i++) {
                assertEquals(((i * 37) & 0xff) / 255f, data.features()[i], 0f);
            }
        }
    }

    @Test
    void checksMagicSizesAndLimitBeforeAllocating() throws IOException {
        IdxLoader loader = new IdxLoader();
        String magic = assertThrows(DataFormatException.class,
                () -> loader.readImages(write("m", images(0x801, 1, 2, 2, 4)))).getMessage();
        assertTrue(magic.contains("byte 0") && magic.contains("magic"), magic);
        // A header declaring 2^31 * ... values in a tiny file: refused by the size checks, no allocation.
        String huge = assertThrows(DataFormatException.class,
                () -> loader.readImages(write("h", images(0x803, 0x7fffffff, 0x7fffffff, 0x7fffffff, 4)))).getMessage();
        assertTrue(huge.contains("limit"), huge);
        String hugeGz = assertThrows(DataFormatException.class,
                () -> new IdxLoader(1L << 30).readImages(write("h.gz", images(0x803, 1 << 14, 1 << 8, 1 << 7, 4))))
                .getMessage();
        assertTrue(hugeGz.contains("holds 4 bytes"), hugeGz);
        String truncated = assertThrows(DataFormatException.class,
                () -> loader.readImages(write("t", images(0x803, 2, 2, 2, 7)))).getMessage();
        assertTrue(truncated.contains("declares 8 values") && truncated.contains("holds 7"), truncated);
        String negative = assertThrows(DataFormatException.class,
                () -> loader.readImages(write("n", images(0x803, -1, 2, 2, 4)))).getMessage();
        assertTrue(negative.contains("byte 4") && negative.contains("not a positive"), negative);
        assertThrows(DataFormatException.class, () -> loader.readLabels(write("l", labels(5, 4))));
        assertThrows(DataFormatException.class, () -> loader.readLabels(write("short", new byte[] {0, 0, 8})));
        String mismatch = assertThrows(DataFormatException.class,
                () -> loader.load(write("i2", images(0x803, 2, 1, 1, 2)), write("l3", labels(3, 3)))).getMessage();
        assertTrue(mismatch.contains("3 labels") && mismatch.contains("2 images"), mismatch);
        assertThrows(DataFormatException.class, () -> new IdxLoader(7).readImages(write("s", images(0x803, 2, 2, 2, 8))));
    }
}
