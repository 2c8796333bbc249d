package dev.vecnet.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The examples of a plain (not gzipped) IDX image file and its label file, read through memory mapping, so
 * that a file of any size trains from disk: IDX images are already rows of bytes, one image after another,
 * and each gathered pixel is widened to {@code byte / 255f} as {@link IdxLoader#readImages} scales it. The
 * examples are those {@link IdxLoader#load} reads, in the same order, with the same class count.
 *
 * <p>Validation: {@link #open} checks both headers (magic numbers, positive dimensions, at most
 * {@link IdxLoader#MAX_PIXELS} pixels per image), that each file's length is exactly what its header
 * declares and that the counts agree, before mapping; it then reads the label file once for the class count
 * (one more than the largest label).
 *
 * <p>Thread safety: immutable; {@link #gather} may run on many threads at once (each keeps one image buffer
 * of its own). The mapping is released when the object is garbage collected.
 */
public final class MappedIdx implements Examples {
    private final String source;
    private final int pixels;
    private final long count;
    private final int classCount;
    private final MappedWindows images;
    private final MappedWindows labels;
    private final ThreadLocal<byte[]> imageBuffers;

    private MappedIdx(String source, int pixels, long count, int classCount, MappedWindows images,
                      MappedWindows labels) {
        this.source = source;
        this.pixels = pixels;
        this.count = count;
        this.classCount = classCount;
        this.images = images;
        this.labels = labels;
        this.imageBuffers = ThreadLocal.withInitial(() -> new byte[pixels]);
    }

    /**
     * Validates and maps an IDX image file and its label file, both plain. Closes the files before returning
     * (the mapping stays valid).
     *
     * @param images the IDX image file ({@code 0x00000803})
     * @param labels the IDX label file ({@code 0x00000801}) with one label per image
     * @return the examples, read-only
     * @throws DataFormatException when a header is malformed, a length differs from what its header declares,
     *                             or the counts differ
     * @throws IOException         when a file cannot be read or mapped
     */
    public static MappedIdx open(Path images, Path labels) throws IOException {
        return open(images, labels, MappedExamples.WINDOW_BYTES);
    }

    /** {@link #open(Path, Path)} with windows of at most {@code windowBytes} (tests use small ones). */
    static MappedIdx open(Path images, Path labels, long windowBytes) throws IOException {
        IdxLoader.Shape shape = IdxLoader.imageShape(images);
        int count = IdxLoader.labelCount(labels);
        if (count != shape.count()) {
            throw new DataFormatException(labels + ": byte 4: " + count + " labels, but " + images + " holds "
                    + shape.count() + " images");
        }
        try (FileChannel imageChannel = FileChannel.open(images, StandardOpenOption.READ);
             FileChannel labelChannel = FileChannel.open(labels, StandardOpenOption.READ)) {
            MappedWindows imageWindows = MappedWindows.map(imageChannel, 16, count, shape.pixels(), windowBytes);
            MappedWindows labelWindows = MappedWindows.map(labelChannel, 8, count, 1, windowBytes);
            int largest = 0;
            for (ByteBuffer window : labelWindows.windows()) {
                for (int i = 0; i < window.capacity(); i++) {
                    largest = Math.max(largest, window.get(i) & 0xff);
                }
            }
            return new MappedIdx(images.toString(), shape.pixels(), count, largest + 1, imageWindows, labelWindows);
        } catch (InternalError e) {
            throw new DataFormatException(labels + ": " + MappedExamples.CHANGED_WHILE_READING, e);
        }
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public int featureCount() {
        return pixels;
    }

    @Override
    public boolean hasLabels() {
        return true;
    }

    @Override
    public int classCount() {
        return classCount;
    }

    @Override
    public int targetCount() {
        return 0;
    }

    /**
     * Copies the images {@code rows[0..n)}, widened to {@code byte / 255f}, and their labels into the buffers
     * (see {@link Examples#gather}).
     *
     * @throws UncheckedIOException wrapping a {@link DataFormatException} naming the file when it was changed
     *                              or truncated while mapped
     */
    @Override
    public void gather(long[] rows, int n, float[] x, int[] labelsOut, float[] targets) {
        byte[] image = imageBuffers.get();
        long row = -1;
        try {
            for (int i = 0; i < n; i++) {
                row = rows[i];
                MappedWindows.requireRow(row, count);
                images.windowOf(row).get(images.positionOf(row), image, 0, pixels);
                for (int p = 0; p < pixels; p++) {
                    x[i * pixels + p] = (image[p] & 0xff) / 255f;
                }
                if (labelsOut != null) {
                    labelsOut[i] = labels.windowOf(row).get(labels.positionOf(row)) & 0xff;
                }
            }
        } catch (InternalError e) {
            throw new UncheckedIOException(new DataFormatException(source + ": "
                    + MappedExamples.CHANGED_WHILE_READING + " (at image " + row + ")", e));
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
