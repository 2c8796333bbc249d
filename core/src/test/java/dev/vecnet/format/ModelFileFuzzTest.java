package dev.vecnet.format;

import dev.vecnet.nn.Network;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated files (every truncation, every single bit flip of the header, random byte changes) are each
 * rejected with {@link ModelFormatException} or load a valid model; nothing else escapes. Checksum
 * verification makes most data mutations rejections, so a second pass mutates only the data and
 * rewrites the checksum, reaching the checks behind it (shapes, non-finite values, a model that loads).
 */
class ModelFileFuzzTest {

    private static Network small() {
        return Network.builder(3).dense(4).relu().batchNorm().dense(2).prelu(true).loss(dev.vecnet.nn.Loss.meanSquaredError())
                .seed(7).build();
    }

    private int loaded;
    private int rejected;

    private void attempt(byte[] file) {
        try {
            LoadedModel m = ModelFile.read(file, LoadOptions.defaults());
            assertEquals(m.network().parameters().size(), m.network().parameters().values().length);
            m.network().newInferenceContext(1).forward(new float[m.network().inputSize()], 0, 1);
            loaded++;
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            rejected++;
        } catch (Throwable t) {
            throw new AssertionError("mutated file escaped with " + t, t);
        }
    }

    @Test
    void mutatedFilesAreRejectedOrLoad() {
        byte[] good = ModelFile.toBytes(small(), SaveOptions.defaults());
        long start = System.nanoTime();
        int cases = 0;
        for (int n = 0; n < good.length; n++) {
            attempt(java.util.Arrays.copyOf(good, n));
            cases++;
        }
        int headerEnd = 8 + (int) java.nio.ByteBuffer.wrap(good).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        for (int bit = 0; bit < headerEnd * 8; bit++) {
            byte[] f = good.clone();
            f[bit / 8] ^= (byte) (1 << (bit % 8));
            attempt(f);
            cases++;
        }
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 4000; i++) {
            byte[] f = good.clone();
            int changes = 1 + r.nextInt(4);
            for (int c = 0; c < changes; c++) {
                int at = r.nextInt(f.length);
                f[at] = r.nextBoolean() ? (byte) r.nextInt(256) : (byte) "{}[],:\"0123456789-eE.\\ntfu".charAt(r.nextInt(26));
            }
            attempt(f);
            cases++;
        }
        int crcAt = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("vecnet.crc32c\":\"") + 16;
        for (int i = 0; i < 2000; i++) {
            byte[] f = good.clone();
            int at = headerEnd + r.nextInt(f.length - headerEnd);
            f[at] = r.nextInt(4) == 0 ? (byte) 0xFF : (byte) r.nextInt(256);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(f, headerEnd, f.length - headerEnd);
            byte[] hex = String.format("%08x", crc.getValue()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(hex, 0, f, crcAt, 8);
            attempt(f);
            cases++;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("model-file fuzz: " + cases + " mutated files, " + loaded + " loaded, " + rejected + " rejected, "
                + millis + " ms");
        assertTrue(cases >= 10_000, "only " + cases + " cases");
        assertEquals(cases, loaded + rejected);
        assertTrue(loaded >= 1 && rejected > cases / 2, "loaded " + loaded + ", rejected " + rejected);
    }
}
