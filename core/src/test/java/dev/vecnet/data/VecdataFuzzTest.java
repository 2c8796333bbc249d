package dev.vecnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;

/**
 * Hostile {@code .vecdata} files: header fields set to edge values or random ones (with and without a
 * recomputed header checksum), data words flipped or replaced (with and without a recomputed data checksum),
 * truncation, extension and random bytes. Opening, gathering every row and verifying must either give back
 * exactly the examples the file holds (those written, or with the one replaced word), or fail with a {@link DataFormatException} naming the file (from a gather,
 * wrapped in an {@link UncheckedIOException}); never another exception, never other values.
 *
 * <p>{@value #TRIES_PROPERTY} sets the number of files (default {@value #DEFAULT_TRIES}, a few seconds), e.g.
 * {@code -Dvecnet.fuzz.tries=100000} for a long run.
 */
class VecdataFuzzTest {
    static final String TRIES_PROPERTY = "vecnet.fuzz.tries";
    static final int DEFAULT_TRIES = 2000;
    private static final int[] INT_FIELDS = {8, 12, 24, 28, 40, 44, 56};
    private static final int[] LONG_FIELDS = {16, 32};

    /** One way to damage a valid file, applied to its bytes. */
    private interface Damage {
        byte[] apply(byte[] valid);
    }

    /**
     * A damage and what a reader that accepts the damaged file must give back.
     *
     * @param changedWord the data word whose bits were replaced (the checksum recomputed), or -1
     * @param bits        its new bits
     */
    private record Case(String description, Damage damage, int changedWord, int bits) {
        Case(String description, Damage damage) {
            this(description, damage, -1, 0);
        }

        /** The features of {@code data} as this file holds them. */
        float[] features(Dataset data) {
            float[] x = data.features().clone();
            int f = data.featureCount();
            if (changedWord >= 0 && changedWord % (f + 1) < f) {
                x[changedWord / (f + 1) * f + changedWord % (f + 1)] = Float.intBitsToFloat(bits);
            }
            return x;
        }

        /** The labels of {@code data} as this file holds them. */
        int[] labels(Dataset data) {
            int[] y = data.labels().clone();
            int f = data.featureCount();
            if (changedWord >= 0 && changedWord % (f + 1) == f) {
                y[changedWord / (f + 1)] = bits;
            }
            return y;
        }
    }

    @Example
    void everyDamagedFileIsRefusedWithAFormatErrorOrReadsBackAsWritten() throws IOException {
        Dataset data = MappedExamplesTest.randomLabelled(9, 5, 3, 2);
        Path dir = Files.createTempDirectory("vecdata-fuzz");
        Path file = dir.resolve("fuzz.vecdata");
        byte[] valid = Files.readAllBytes(MappedExamplesTest.write(data, dir.resolve("valid.vecdata")));
        int tries = Integer.getInteger(TRIES_PROPERTY, DEFAULT_TRIES);
        int[] outcomes = new int[2];
        try {
            damages(valid.length).sampleStream().limit(tries).forEach(c -> {
                try {
                    Files.write(file, c.damage().apply(valid));
                    outcomes[readBack(file, data, c)]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir.resolve("valid.vecdata"));
            Files.delete(dir);
        }
        assertTrue(outcomes[1] > tries / 2, outcomes[0] + " read back, " + outcomes[1] + " refused");
    }

    /** 0 when the file reads back as {@code data}, 1 when it was refused as it must be; fails otherwise. */
    private static int readBack(Path file, Dataset data, Case damaged) {
        String damage = damaged.description();
        try {
            MappedExamples mapped = MappedExamples.open(file);
            int n = (int) mapped.count();
            long[] rows = new long[n];
            Arrays.setAll(rows, i -> i);
            float[] x = new float[n * mapped.featureCount()];
            int[] labels = new int[n];
            float[] targets = new float[n * Math.max(1, mapped.targetCount())];
            mapped.gather(rows, n, x, labels, targets);
            mapped.verify();
            assertEquals(data.size(), n, damage);
            assertTrue(mapped.hasLabels(), damage);
            assertArrayEquals(damaged.features(data), x, damage);
            assertArrayEquals(damaged.labels(data), labels, damage);
            return 0;
        } catch (DataFormatException e) {
            assertTrue(e.getMessage().startsWith(file + ": "), damage + ": " + e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            assertTrue(e.getCause() instanceof DataFormatException, damage + ": " + e);
            assertTrue(e.getCause().getMessage().startsWith(file + ": "), damage + ": " + e.getCause().getMessage());
            return 1;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            fail(damage + ": " + e, e);
            return -1;
        }
    }

    private static Arbitrary<Case> damages(int length) {
        Arbitrary<Long> edge = Arbitraries.of(0L, 1L, -1L, 2L, 3L, 9L, 10L, (long) Integer.MAX_VALUE,
                (long) Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 24, (1L << 24) + 1, 1L << 31, 1L << 40);
        Arbitrary<Long> value = Arbitraries.oneOf(edge, Arbitraries.longs());
        Arbitrary<Boolean> resign = Arbitraries.of(true, false);
        Arbitrary<Case> intField = Combinators.combine(Arbitraries.of(toLongs(INT_FIELDS)), value, resign).as(
                (field, v, sign) -> new Case("int at " + field + " = " + v.intValue() + (sign ? ", re-signed" : ""),
                        bytes -> header(bytes, b -> b.putInt(field.intValue(), v.intValue()), sign)));
        Arbitrary<Case> longField = Combinators.combine(Arbitraries.of(toLongs(LONG_FIELDS)), value, resign).as(
                (field, v, sign) -> new Case("long at " + field + " = " + v + (sign ? ", re-signed" : ""),
                        bytes -> header(bytes, b -> b.putLong(field.intValue(), v), sign)));
        Arbitrary<Case> bitFlip = Combinators.combine(Arbitraries.integers().between(0, length - 1),
                Arbitraries.integers().between(0, 7)).as((at, bit) -> new Case("bit " + bit + " of byte " + at,
                        bytes -> {
                            byte[] copy = bytes.clone();
                            copy[at] ^= (byte) (1 << bit);
                            return copy;
                        }));
        Arbitrary<Case> word = Combinators.combine(Arbitraries.integers().between(0, (length - 64) / 4 - 1),
                Arbitraries.oneOf(Arbitraries.of(Float.floatToRawIntBits(Float.NaN),
                        Float.floatToRawIntBits(Float.POSITIVE_INFINITY), -1, 3, 1 << 24, Integer.MAX_VALUE),
                        Arbitraries.integers())).as((w, bits) -> new Case("data word " + w + " = " + bits
                        + " with its data checksum", bytes -> withDataChecksum(bytes, w, bits), w, bits));
        Arbitrary<Case> truncated = Arbitraries.integers().between(0, length - 1).map(
                n -> new Case("truncated to " + n + " bytes", bytes -> Arrays.copyOf(bytes, n)));
        Arbitrary<Case> extended = Arbitraries.integers().between(1, 300).map(
                n -> new Case("extended by " + n + " bytes", bytes -> Arrays.copyOf(bytes, bytes.length + n)));
        Arbitrary<Case> noise = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(400), resign)
                .as((random, magic) -> new Case(random.length + " random bytes" + (magic ? " after the magic" : ""),
                        bytes -> {
                            byte[] copy = Arrays.copyOf(random, Math.max(random.length, magic ? 64 : 0));
                            if (magic) {
                                System.arraycopy("VECDATA\0".getBytes(StandardCharsets.US_ASCII), 0, copy, 0, 8);
                                sign(copy);
                            }
                            return copy;
                        }));
        return Arbitraries.oneOf(intField, longField, bitFlip, word, truncated, extended, noise);
    }

    private static Long[] toLongs(int[] values) {
        return Arrays.stream(values).mapToObj(v -> (long) v).toArray(Long[]::new);
    }

    private static byte[] header(byte[] valid, java.util.function.Consumer<ByteBuffer> change, boolean resign) {
        byte[] copy = valid.clone();
        change.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
        if (resign) {
            sign(copy);
        }
        return copy;
    }

    /** Replaces data word {@code w} and recomputes both checksums, so that only the value checks stand between. */
    private static byte[] withDataChecksum(byte[] valid, int w, int bits) {
        byte[] copy = valid.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(64 + 4 * w, bits);
        CRC32C crc = new CRC32C();
        crc.update(copy, 64, copy.length - 64);
        b.putLong(32, crc.getValue());
        sign(copy);
        return copy;
    }

    /** Recomputes the header checksum, so that the field checks behind it are reached. */
    private static void sign(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, 60);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(60, (int) crc.getValue());
    }
}
