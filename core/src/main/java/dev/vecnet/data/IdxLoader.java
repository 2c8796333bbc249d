package dev.vecnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads MNIST's IDX files (plain or {@code .gz}): unsigned-byte images ({@code 0x00000803}: count, rows,
 * columns) and labels ({@code 0x00000801}: count), all sizes big-endian 32-bit.
 *
 * <p>Scaling: pixels are returned as {@code value / 255f}, in [0, 1] (0 is background), row-major per
 * image, so an image is {@code rows * columns} features.
 *
 * <p>Safety: before allocating anything whose size comes from the header, the loader checks the magic
 * number, that every dimension is positive, that the declared number of values is at most
 * {@link #maxValues()} and that it equals what the file holds (its length, or for gzip the size in the
 * gzip trailer, minus the header). A file that still ends early or runs on is reported with the byte
 * offset (of the decompressed content). Thread-safe; each call allocates the returned arrays and a 64 KiB
 * read buffer.
 */
public final class IdxLoader {
    /** The default bound on the values one file may declare: 2^28 (256 Mi, 1 GiB as floats). */
    public static final long DEFAULT_MAX_VALUES = 1L << 28;
    /** The most pixels one image may have: {@code rows * columns < 2^24}, like the features of a data file. */
    public static final int MAX_PIXELS = (1 << 24) - 1;
    private static final int IMAGE_MAGIC = 0x00000803;
    private static final int LABEL_MAGIC = 0x00000801;

    private final long maxValues;

    /** A loader with the bound {@link #DEFAULT_MAX_VALUES}. */
    public IdxLoader() {
        this(DEFAULT_MAX_VALUES);
    }

    /**
     * A loader that refuses files declaring more than {@code maxValues} values (at most 2^31 - 1).
     *
     * @param maxValues the most pixels (images) or labels one file may declare, in {@code [1, 2^31 - 1]}
     * @throws IllegalArgumentException when {@code maxValues} is outside {@code [1, 2^31 - 1]}
     */
    public IdxLoader(long maxValues) {
        if (maxValues < 1 || maxValues > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxValues must be in [1, 2^31 - 1], was " + maxValues);
        }
        this.maxValues = maxValues;
    }

    /**
     * The bound on the values one file may declare.
     *
     * @return the {@code maxValues} of the constructor, {@value #DEFAULT_MAX_VALUES} by default
     */
    public long maxValues() {
        return maxValues;
    }

    /**
     * Images as read from an IDX file.
     *
     * @param pixels  {@code [count][rows * columns]}, each {@code byte / 255f}
     * @param count   number of images
     * @param rows    image height
     * @param columns image width
     */
    public record Images(float[] pixels, int count, int rows, int columns) {
    }

    /**
     * Reads an image file ({@code 0x00000803}). Allocates {@code count * rows * columns} floats.
     *
     * @param file an IDX image file, plain or gzipped ({@code .gz})
     * @return the images, pixels scaled to [0, 1], row-major per image
     * @throws DataFormatException when the magic number is wrong, a dimension is not positive, the declared
     *                             size exceeds {@link #maxValues()} or differs from what the file holds, or
     *                             the file ends early or runs on (the message names the byte offset)
     * @throws IOException         when the file cannot be read
     */
    public Images readImages(Path file) throws IOException {
        String source = file.toString();
        long content = DataFiles.contentLength(file);
        try (InputStream in = DataFiles.open(file)) {
            checkMagic(DataFiles.readInt(in, source, 0), IMAGE_MAGIC, source);
            int count = dimension(in, source, 4, "image count");
            int rows = dimension(in, source, 8, "rows");
            int columns = dimension(in, source, 12, "columns");
            int n = checkedSize(source, 16, content, (long) count * rows * columns);
            float[] pixels = new float[n];
            byte[] chunk = new byte[1 << 16];
            for (int done = 0; done < n; ) {
                int len = Math.min(chunk.length, n - done);
                DataFiles.readFully(in, chunk, 0, len, source, 16L + done);
                for (int i = 0; i < len; i++) {
                    pixels[done + i] = (chunk[i] & 0xff) / 255f;
                }
                done += len;
            }
            DataFiles.expectEnd(in, source, 16L + n);
            return new Images(pixels, count, rows, columns);
        }
    }

    /**
     * Reads a label file ({@code 0x00000801}): {@code [count]} values in 0..255.
     *
     * @param file an IDX label file, plain or gzipped ({@code .gz})
     * @return a new array of the {@code count} labels, each in {@code [0, 255]}
     * @throws DataFormatException when the magic number is wrong, the count is not positive, exceeds
     *                             {@link #maxValues()} or differs from what the file holds, or the file ends
     *                             early or runs on (the message names the byte offset)
     * @throws IOException         when the file cannot be read
     */
    public int[] readLabels(Path file) throws IOException {
        String source = file.toString();
        long content = DataFiles.contentLength(file);
        try (InputStream in = DataFiles.open(file)) {
            checkMagic(DataFiles.readInt(in, source, 0), LABEL_MAGIC, source);
            int count = dimension(in, source, 4, "label count");
            int n = checkedSize(source, 8, content, count);
            byte[] bytes = new byte[n];
            DataFiles.readFully(in, bytes, 0, n, source, 8);
            DataFiles.expectEnd(in, source, 8L + n);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return labels;
        }
    }

    /**
     * Reads an image file and its label file into a classification data set ({@code rows * columns}
     * features; classes: one more than the largest label).
     *
     * @param images the IDX image file, e.g. {@code train-images-idx3-ubyte.gz}
     * @param labels the IDX label file holding one label per image, e.g. {@code train-labels-idx1-ubyte.gz}
     * @return a classification data set of one example per image, pixels in [0, 1]
     * @throws DataFormatException when the files are malformed or their counts differ
     * @throws IOException         when a file cannot be read
     */
    public Dataset load(Path images, Path labels) throws IOException {
        Images read = readImages(images);
        int[] y = readLabels(labels);
        if (y.length != read.count()) {
            throw new DataFormatException(labels + ": byte 4: " + y.length + " labels, but " + images + " holds "
                    + read.count() + " images");
        }
        return Dataset.ofLabels(read.pixels(), read.rows() * read.columns(), y);
    }

    /**
     * The shape an IDX image file declares, read from its 16-byte header and checked against the file's
     * (decompressed) length; nothing is allocated from it.
     *
     * @param count   number of images
     * @param rows    image height
     * @param columns image width
     */
    public record Shape(int count, int rows, int columns) {
        /**
         * Pixels per image.
         *
         * @return {@code rows * columns}
         */
        public int pixels() {
            return rows * columns;
        }
    }

    /**
     * Reads and checks the header of an IDX image file: magic number, positive dimensions, and a content
     * length equal to {@code 16 + count * rows * columns}. Does not apply {@link #maxValues()}.
     *
     * @param file an IDX image file, plain or gzipped
     * @return the declared shape
     * @throws DataFormatException when the header is malformed or disagrees with the file's length
     * @throws IOException         when the file cannot be read
     */
    public static Shape imageShape(Path file) throws IOException {
        String source = file.toString();
        long content = DataFiles.contentLength(file);
        try (InputStream in = DataFiles.open(file)) {
            Shape shape = readImageHeader(in, source);
            requireLength(source, 16, content, (long) shape.count() * shape.pixels());
            return shape;
        }
    }

    /**
     * Converts an image file and its label file into a vecnet data file ({@code .vecdata}) in one streaming
     * pass over both, in bounded memory (one image and 64 KiB buffers at a time), with pixels scaled as
     * {@link #readImages} scales them ({@code byte / 255f}). Not bounded by {@link #maxValues()}: nothing is
     * held in memory.
     *
     * @param images the IDX image file, plain or gzipped
     * @param labels the IDX label file with one label per image, plain or gzipped
     * @param out    the file to write (as {@code out.part}, renamed when complete)
     * @return the number of rows written
     * @throws DataFormatException when a file is malformed or their counts differ (nothing is left at
     *                             {@code out})
     * @throws IOException         when a file cannot be read or written
     */
    public static long writeDataFile(Path images, Path labels, Path out) throws IOException {
        Shape shape = imageShape(images);
        String labelSource = labels.toString();
        long labelContent = DataFiles.contentLength(labels);
        try (InputStream pixels = DataFiles.open(images); InputStream classes = DataFiles.open(labels);
             DataFileWriter writer = DataFileWriter.forLabels(out, shape.pixels())) {
            readImageHeader(pixels, images.toString());
            int count = readLabelHeader(classes, labelSource, labelContent);
            if (count != shape.count()) {
                throw new DataFormatException(labelSource + ": byte 4: " + count + " labels, but " + images
                        + " holds " + shape.count() + " images");
            }
            byte[] image = new byte[shape.pixels()];
            float[] row = new float[shape.pixels()];
            for (int i = 0; i < count; i++) {
                DataFiles.readFully(pixels, image, 0, image.length, images.toString(), 16 + (long) i * image.length);
                for (int p = 0; p < image.length; p++) {
                    row[p] = (image[p] & 0xff) / 255f;
                }
                int label = classes.read();
                if (label < 0) {
                    throw DataFormatException.atByte(labelSource, 8L + i, "file ends early");
                }
                writer.writeLabelled(row, 0, label);
            }
            DataFiles.expectEnd(pixels, images.toString(), 16 + (long) count * image.length);
            DataFiles.expectEnd(classes, labelSource, 8L + count);
            writer.finish();
            return count;
        }
    }

    private static Shape readImageHeader(InputStream in, String source) throws IOException {
        checkMagic(DataFiles.readInt(in, source, 0), IMAGE_MAGIC, source);
        Shape shape = new Shape(dimension(in, source, 4, "image count"), dimension(in, source, 8, "rows"),
                dimension(in, source, 12, "columns"));
        if ((long) shape.rows() * shape.columns() > MAX_PIXELS) {
            throw DataFormatException.atByte(source, 8, shape.rows() + " x " + shape.columns() + " pixels per image, "
                    + "more than " + MAX_PIXELS);
        }
        return shape;
    }

    /**
     * Reads and checks the header of an IDX label file: magic number, a positive count, and a content length
     * of {@code 8 + count}.
     *
     * @param file an IDX label file, plain or gzipped
     * @return the declared count
     * @throws DataFormatException when the header is malformed or disagrees with the file's length
     * @throws IOException         when the file cannot be read
     */
    static int labelCount(Path file) throws IOException {
        try (InputStream in = DataFiles.open(file)) {
            return readLabelHeader(in, file.toString(), DataFiles.contentLength(file));
        }
    }

    private static int readLabelHeader(InputStream in, String source, long content) throws IOException {
        checkMagic(DataFiles.readInt(in, source, 0), LABEL_MAGIC, source);
        int count = dimension(in, source, 4, "label count");
        requireLength(source, 8, content, count);
        return count;
    }

    private static void requireLength(String source, long header, long content, long declared)
            throws DataFormatException {
        if (content - header != declared) {
            throw DataFormatException.atByte(source, 4, "header declares " + declared + " values but the file "
                    + "holds " + (content - header) + " bytes after the " + header + "-byte header");
        }
    }

    private static void checkMagic(int magic, int expected, String source) throws DataFormatException {
        if (magic != expected) {
            throw DataFormatException.atByte(source, 0, String.format("magic number 0x%08x, expected 0x%08x (%s)",
                    magic, expected, expected == IMAGE_MAGIC ? "IDX unsigned-byte images, 3 dimensions"
                            : "IDX unsigned-byte labels, 1 dimension"));
        }
    }

    private static int dimension(InputStream in, String source, long offset, String what) throws IOException {
        int value = DataFiles.readInt(in, source, offset);
        if (value <= 0) {
            throw DataFormatException.atByte(source, offset, what + " " + Integer.toUnsignedString(value)
                    + " is not a positive 32-bit size");
        }
        return value;
    }

    private int checkedSize(String source, long header, long content, long declared) throws DataFormatException {
        if (declared > maxValues) {
            throw DataFormatException.atByte(source, 4, "header declares " + declared + " values, more than the "
                    + "limit of " + maxValues);
        }
        requireLength(source, header, content, declared);
        return (int) declared;
    }
}
