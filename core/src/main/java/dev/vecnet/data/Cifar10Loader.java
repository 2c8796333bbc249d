package dev.vecnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads CIFAR-10's binary batches ({@code data_batch_1.bin} ... {@code test_batch.bin}, plain or
 * {@code .gz}): records of 3073 bytes, one label byte (0..9) then a 32 x 32 colour image stored
 * channel-major (1024 red bytes, 1024 green, 1024 blue, each row-major).
 *
 * <p>Layout and scaling of the result: each image becomes 3072 features in height-width-channel order,
 * {@code x[(row * 32 + column) * 3 + channel] = byte / 255f} in [0, 1], so a pixel's three channels are
 * adjacent (what {@link Preprocessing#channelMean(int)} with 3 channels expects). Classes: 10.
 *
 * <p>The file length (for gzip, the size in its trailer) must be a positive multiple of 3073, and at most
 * {@link #MAX_IMAGES} records, checked before anything is allocated; labels above 9 are errors with their
 * byte offset. Thread-safe.
 */
public final class Cifar10Loader {
    /** Bytes per record: a label and 3 x 32 x 32 pixels. */
    public static final int RECORD_BYTES = 3073;
    /** Features per image: 32 x 32 x 3. */
    public static final int FEATURES = 3072;
    /** The most records one file may hold (the whole of CIFAR-10 is 60000). */
    public static final int MAX_IMAGES = 1 << 20;
    private static final int PLANE = 1024;

    private Cifar10Loader() {
    }

    /**
     * Reads one binary batch file. Allocates the whole result up front ({@code 3072} floats and one int per
     * record) once the length has been checked.
     *
     * @param file a CIFAR-10 binary batch, plain or gzipped ({@code .gz})
     * @return a classification data set of one example per record, 3072 features in [0, 1] in
     *         height-width-channel order, 10 classes
     * @throws DataFormatException when the length is not a positive multiple of {@value #RECORD_BYTES},
     *                             there are more than {@link #MAX_IMAGES} records, a label is above 9, or the
     *                             file ends early or holds extra bytes (the message names the byte offset)
     * @throws IOException         when the file cannot be read
     */
    public static Dataset load(Path file) throws IOException {
        String source = file.toString();
        long content = DataFiles.contentLength(file);
        if (content == 0 || content % RECORD_BYTES != 0) {
            throw DataFormatException.atByte(source, content, "length " + content + " is not a positive multiple "
                    + "of the " + RECORD_BYTES + "-byte record (1 label byte + 3072 pixel bytes)");
        }
        if (content / RECORD_BYTES > MAX_IMAGES) {
            throw DataFormatException.atByte(source, 0, content / RECORD_BYTES + " records, more than the limit "
                    + "of " + MAX_IMAGES);
        }
        int n = (int) (content / RECORD_BYTES);
        float[] x = new float[n * FEATURES];
        int[] labels = new int[n];
        byte[] record = new byte[RECORD_BYTES];
        try (InputStream in = DataFiles.open(file)) {
            for (int i = 0; i < n; i++) {
                long offset = (long) i * RECORD_BYTES;
                DataFiles.readFully(in, record, 0, RECORD_BYTES, source, offset);
                int label = record[0] & 0xff;
                if (label > 9) {
                    throw DataFormatException.atByte(source, offset, "label " + label + " of record " + i
                            + " is not in 0..9");
                }
                labels[i] = label;
                int base = i * FEATURES;
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < PLANE; p++) {
                        x[base + p * 3 + c] = (record[1 + c * PLANE + p] & 0xff) / 255f;
                    }
                }
            }
            DataFiles.expectEnd(in, source, content);
        }
        return Dataset.ofLabels(x, FEATURES, labels, 10);
    }
}
