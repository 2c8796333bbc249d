package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile data files: random header fields (with and without a recomputed header checksum), truncation
 * and extension, random bytes. Opening, gathering every row and verifying must either work or throw a
 * {@link DataFormatException} (a bad label surfaces from gather wrapped in an UncheckedIOException); never
 * anything else, and never an allocation sized by a lying header.
 */
class DataFileFuzzTest {
    private static final int[] FIELDS = {8, 12, 16, 20, 24, 28, 32, 40};

    @TempDir
    Path dir;

    @Test
    void hostileFilesGiveOnlyTypedErrors() throws IOException {
        Dataset data = MappedExamplesTest.randomLabelled(9, 5, 3, 2);
        byte[] valid = Files.readAllBytes(MappedExamplesTest.write(data, dir.resolve("valid.vecdata")));
        Random random = new Random(1);
        int opened = 0;
        int refused = 0;
        for (int trial = 0; trial < 1500; trial++) {
            byte[] bytes = mutate(valid, random);
            Path file = dir.resolve("fuzz.vecdata");
            Files.write(file, bytes);
            try {
                MappedExamples mapped = MappedExamples.open(file);
                long[] rows = new long[1];
                float[] x = new float[mapped.featureCount()];
                int[] labels = new int[1];
                float[] targets = new float[Math.max(1, mapped.targetCount())];
                for (long r = 0; r < mapped.count(); r++) {
                    rows[0] = r;
                    mapped.gather(rows, 1, x, labels, targets);
                }
                mapped.verify();
                opened++;
            } catch (DataFormatException e) {
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
                refused++;
            } catch (UncheckedIOException e) {
                assertTrue(e.getCause() instanceof DataFormatException, e.toString());
                refused++;
            }
        }
        assertTrue(opened > 0 && refused > 500, opened + " opened, " + refused + " refused");
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] bytes = valid.clone();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (random.nextInt(6)) {
            case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            case 1, 2 -> {
                int field = FIELDS[random.nextInt(FIELDS.length)];
                long[] interesting = {0, 1, -1, 2, 3, 9, 10, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
                        Long.MIN_VALUE, 1L << 31, 1L << 40, random.nextInt(), random.nextLong()};
                long value = interesting[random.nextInt(interesting.length)];
                if (field == 16 || field == 32) {
                    b.putLong(field, value);
                } else {
                    b.putInt(field, (int) value);
                }
                resign(bytes);
            }
            case 3 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 4 -> bytes = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(64));
            default -> {
                byte[] noise = new byte[random.nextInt(200)];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, bytes, 0, Math.min(noise.length, bytes.length));
                if (random.nextBoolean()) {
                    System.arraycopy("VECDATA\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, 0, 8);
                    resign(bytes);
                }
            }
        }
        return bytes;
    }

    /** Recomputes the header checksum, so that the field checks behind it are reached. */
    private static void resign(byte[] bytes) {
        if (bytes.length >= 64) {
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, 60);
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(60, (int) crc.getValue());
        }
    }
}
