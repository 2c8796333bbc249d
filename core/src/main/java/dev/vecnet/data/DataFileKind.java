package dev.vecnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * What a data file holds, told by its first bytes rather than its name: a vecnet data file ({@code .vecdata},
 * {@link MappedExamples}) by its 8-byte magic {@code VECDATA\0}, IDX images (MNIST's format, {@link IdxLoader}) by
 * the magic number {@code 0x00000803} (read after gunzipping a {@code .gz} file), and anything else as CSV
 * ({@link CsvLoader}). Thread-safe.
 */
public enum DataFileKind {
    /** Comma-separated text, possibly gzipped. */
    CSV,
    /** An IDX file of images ({@code idx3-ubyte}), possibly gzipped; its labels are a second file. */
    IDX_IMAGES,
    /** A vecnet data file. */
    VECDATA;

    private static final String VECDATA_MAGIC = "VECDATA\0";

    /**
     * The kind of {@code file}, from at most its first 8 bytes (and the first 4 of its gunzipped content).
     *
     * @param file an existing, readable file
     * @return its kind; CSV when neither magic number matches
     * @throws IOException when the file cannot be read, or a {@code .gz} file's gzip header is damaged
     */
    public static DataFileKind of(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] head = raw.readNBytes(8);
            if (head.length == 8 && new String(head, StandardCharsets.ISO_8859_1).equals(VECDATA_MAGIC)) {
                return VECDATA;
            }
            byte[] magic = head;
            if (file.toString().endsWith(".gz") && head.length >= 2 && (head[0] & 0xff) == 0x1f
                    && (head[1] & 0xff) == 0x8b) {
                try (InputStream again = Files.newInputStream(file); InputStream in = new GZIPInputStream(again)) {
                    magic = in.readNBytes(4);
                }
            }
            return magic.length >= 4 && magic[0] == 0 && magic[1] == 0 && magic[2] == 8 && magic[3] == 3
                    ? IDX_IMAGES : CSV;
        }
    }

    /**
     * The label file MNIST's naming puts beside an IDX image file: {@code images} becomes {@code labels} and
     * {@code idx3} becomes {@code idx1} in the file name ({@code train-images-idx3-ubyte.gz} has
     * {@code train-labels-idx1-ubyte.gz}).
     *
     * @param images the image file
     * @return the label file's path, whether or not it exists; empty when the name has nothing to replace
     */
    public static Optional<Path> idxLabelsBeside(Path images) {
        String name = images.getFileName().toString();
        String guess = name.replace("images", "labels").replace("idx3", "idx1");
        return guess.equals(name) ? Optional.empty() : Optional.of(images.resolveSibling(guess));
    }
}
