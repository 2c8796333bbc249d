package dev.vecnet.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes a vecnet data file ({@code .vecdata}, read by {@link MappedExamples}) one row at a time, in
 * bounded memory: rows go through a 1 MiB buffer into {@code FILE.part}; {@link #finish()} writes the
 * header (row count, class count, checksums) and renames the file into place, and {@link #close()} without
 * {@code finish()} deletes the partial file, so a failed conversion leaves nothing behind.
 *
 * <pre>{@code
 * try (DataFileWriter out = DataFileWriter.forLabels(path, 784)) {
 *     for (...) out.writeLabelled(pixels, 0, label);
 *     out.finish();
 * }
 * }</pre>
 *
 * <p>Not thread-safe. Allocation: the buffer, once; writing a row allocates nothing.
 */
public final class DataFileWriter implements AutoCloseable {
    /** Labels lie in {@code [0, MAX_CLASSES)} (see {@link DataFileHeader#MAX_CLASSES}). */
    public static final int MAX_CLASSES = DataFileHeader.MAX_CLASSES;
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path file;
    private final Path partial;
    private final FileChannel channel;
    private final int featureCount;
    private final int targetCount;
    private final ByteBuffer buffer;
    private final CRC32C crc = new CRC32C();
    private long rows;
    private int maxLabel = -1;
    private boolean finished;

    private DataFileWriter(Path file, int featureCount, int targetCount) throws IOException {
        int words = featureCount + Math.max(1, targetCount);
        if (featureCount < 1 || targetCount < 0 || words >= DataFileHeader.MAX_WORDS_PER_ROW) {
            throw new IllegalArgumentException("need 1 <= featureCount and featureCount + targets below "
                    + DataFileHeader.MAX_WORDS_PER_ROW + ", got " + featureCount + " and " + targetCount);
        }
        this.file = file;
        this.partial = file.resolveSibling(file.getFileName() + ".part");
        InFlightFiles.register(partial);
        this.featureCount = featureCount;
        this.targetCount = targetCount;
        this.buffer = ByteBuffer.allocateDirect(Math.max(BUFFER_BYTES, 4 * words)).order(ByteOrder.LITTLE_ENDIAN);
        this.channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        channel.write(ByteBuffer.allocate(DataFileHeader.BYTES), 0);
        channel.position(DataFileHeader.BYTES);
    }

    /**
     * A writer of a classification data file: rows of {@code featureCount} floats and an integer label; the
     * class count stored is one more than the largest label written.
     *
     * @param file         the file to create (replaced on {@link #finish()}); {@code FILE.part} is written first
     * @param featureCount floats per row, {@code >= 1}
     * @return an open writer
     * @throws IOException when the partial file cannot be created
     */
    public static DataFileWriter forLabels(Path file, int featureCount) throws IOException {
        return new DataFileWriter(file, featureCount, 0);
    }

    /**
     * A writer of a regression data file: rows of {@code featureCount} floats and {@code targetCount} float
     * targets.
     *
     * @param file         the file to create (replaced on {@link #finish()}); {@code FILE.part} is written first
     * @param featureCount floats per row, {@code >= 1}
     * @param targetCount  targets per row, {@code >= 1}
     * @return an open writer
     * @throws IOException when the partial file cannot be created
     */
    public static DataFileWriter forTargets(Path file, int featureCount, int targetCount) throws IOException {
        if (targetCount < 1) {
            throw new IllegalArgumentException("targetCount must be >= 1, was " + targetCount);
        }
        return new DataFileWriter(file, featureCount, targetCount);
    }

    /**
     * Appends a labelled row.
     *
     * @param x     holds the features at {@code [off, off + featureCount)}; not modified
     * @param off   offset of the row in {@code x}
     * @param label the class, in {@code [0, 2^24)}
     * @throws IllegalArgumentException when a feature is not finite or the label is outside {@code [0, 2^24)}
     *                                  (nothing is written)
     * @throws IllegalStateException    when this is a regression writer, or finished
     * @throws IOException              when the file cannot be written
     */
    public void writeLabelled(float[] x, int off, int label) throws IOException {
        if (targetCount != 0 || finished) {
            throw new IllegalStateException(finished ? "the writer is finished" : "this file holds targets, not labels");
        }
        if (label < 0 || label >= MAX_CLASSES) {
            throw new IllegalArgumentException("label " + label + " of row " + rows + " is not in [0, " + MAX_CLASSES
                    + ")");
        }
        requireFinite(x, off, featureCount, "feature");
        reserve(4 * (featureCount + 1));
        putFloats(x, off, featureCount);
        buffer.putInt(label);
        maxLabel = Math.max(maxLabel, label);
        rows++;
    }

    /**
     * The class a label parsed as a float stands for, checked exactly: a whole number in {@code [0, 2^24)}, the
     * range in which every integer is a float, so no label is rounded to another class.
     *
     * @param value  the label as parsed
     * @param source the file, for the message
     * @param line   its 1-based line
     * @param column its 1-based column
     * @return the class
     * @throws DataFormatException naming the file, line and column when {@code value} is not such a number
     */
    public static int classLabel(float value, String source, int line, int column) throws DataFormatException {
        if (!(value >= 0 && value < MAX_CLASSES && value == Math.rint(value))) {
            // A float of 2^24 or more need not be the number written, so it is not quoted.
            String problem = value >= MAX_CLASSES ? "label is " + MAX_CLASSES + " or more"
                    : value < 0 ? "label " + value + " is negative" : "label " + value + " is not a whole number";
            throw DataFormatException.at(source, line, column, problem + ": class labels are whole numbers from 0 to "
                    + (MAX_CLASSES - 1));
        }
        return (int) value;
    }

    /**
     * Appends a row with targets.
     *
     * @param x       holds the features at {@code [off, off + featureCount)}; not modified
     * @param off     offset of the row in {@code x}
     * @param targets holds the targets at {@code [targetOff, targetOff + targetCount)}; not modified
     * @param targetOff offset of the targets in {@code targets}
     * @throws IllegalArgumentException when a value is not finite (nothing is written)
     * @throws IllegalStateException    when this is a classification writer, or finished
     * @throws IOException              when the file cannot be written
     */
    public void writeTargets(float[] x, int off, float[] targets, int targetOff) throws IOException {
        if (targetCount == 0 || finished) {
            throw new IllegalStateException(finished ? "the writer is finished" : "this file holds labels, not targets");
        }
        requireFinite(x, off, featureCount, "feature");
        requireFinite(targets, targetOff, targetCount, "target");
        reserve(4 * (featureCount + targetCount));
        putFloats(x, off, featureCount);
        putFloats(targets, targetOff, targetCount);
        rows++;
    }

    /**
     * Rows written so far.
     *
     * @return the count, {@code >= 0}
     */
    public long rows() {
        return rows;
    }

    /**
     * Flushes the rows, writes the header and moves {@code FILE.part} to {@code FILE} (replacing it).
     *
     * @throws IllegalStateException when no row was written
     * @throws IOException           when the file cannot be written or moved
     */
    public void finish() throws IOException {
        if (rows == 0) {
            throw new IllegalStateException("no rows were written");
        }
        flush();
        DataFileHeader header = new DataFileHeader(rows, featureCount, targetCount == 0,
                targetCount == 0 ? maxLabel + 1 : targetCount, crc.getValue());
        channel.write(header.encode(), 0);
        channel.close();
        finished = true;
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        InFlightFiles.release(partial);
    }

    /** Closes the file; without a {@link #finish()} before, deletes the partial file. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            channel.close();
            Files.deleteIfExists(partial);
            InFlightFiles.release(partial);
        }
    }

    private static void requireFinite(float[] values, int off, int n, String what) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(values[off + i])) {
                throw new IllegalArgumentException(what + " " + i + " is " + values[off + i] + ", not finite");
            }
        }
    }

    private void reserve(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }

    private void putFloats(float[] values, int off, int n) {
        for (int i = 0; i < n; i++) {
            buffer.putFloat(values[off + i]);
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        crc.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }
}
