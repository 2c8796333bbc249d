package dev.vecnet.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The examples of a vecnet data file ({@code .vecdata}, written by {@link DataFileWriter}; layout in
 * {@code docs/data.md}), read through memory mapping: nothing of the data is on the Java heap, so a file
 * may hold more rows and values than any Java array, bounded by the disk, not by {@code -Xmx}.
 *
 * <p>Mapping: the records are mapped read-only in windows of at most 1 GiB, each a whole number of
 * records, so no record straddles two windows; row indices are 64-bit. The operating system pages the
 * data in and out; the resident memory this costs is page cache that the system reclaims under pressure.
 *
 * <p>Validation: {@link #open} checks the header (magic, version, header checksum, sizes) and that the file
 * length is exactly what the header declares before anything is mapped or allocated; labels are checked
 * against the class count as they are gathered. {@link #verify()} reads every record to check the data
 * checksum and that every feature is finite.
 *
 * <p>Thread safety: immutable; {@link #gather} may run on many threads at once. Allocation: {@link #open}
 * allocates the window table (three small objects per GiB of file); {@link #gather} allocates nothing. The
 * mapping is released when the object is garbage collected (the JDK has no explicit unmapping).
 */
public final class MappedExamples implements Examples {
    /** Upper bound of one mapped window, below the 2 GiB limit of a {@link MappedByteBuffer}. */
    static final long WINDOW_BYTES = 1L << 30;

    private final String source;
    private final DataFileHeader header;
    private final long rowsPerWindow;
    private final int wordsPerRow;
    private final FloatBuffer[] floats;
    private final IntBuffer[] ints;

    private MappedExamples(String source, DataFileHeader header, FloatBuffer[] floats, IntBuffer[] ints,
                           long rowsPerWindow) {
        this.source = source;
        this.header = header;
        this.floats = floats;
        this.ints = ints;
        this.rowsPerWindow = rowsPerWindow;
        this.wordsPerRow = header.recordBytes() / 4;
    }

    /**
     * Validates and maps a vecnet data file. Closes the file channel before returning (the mapping stays
     * valid).
     *
     * @param file the {@code .vecdata} file
     * @return the examples, read-only
     * @throws DataFormatException when the file is not a vecnet data file, its header is damaged or out of
     *                             bounds, or its length differs from what the header declares
     * @throws IOException         when the file cannot be read or mapped
     */
    public static MappedExamples open(Path file) throws IOException {
        return open(file, WINDOW_BYTES);
    }

    /** {@link #open(Path)} with windows of at most {@code windowBytes} (tests use small ones). */
    static MappedExamples open(Path file, long windowBytes) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            ByteBuffer head = ByteBuffer.allocate(DataFileHeader.BYTES);
            while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                // a file channel may return fewer bytes than asked; read until the header is full or the file ends
            }
            DataFileHeader header = DataFileHeader.decode(head.flip(), length, source);
            long rowsPerWindow = Math.max(1, windowBytes / header.recordBytes());
            int windows = Math.toIntExact((header.rows() + rowsPerWindow - 1) / rowsPerWindow);
            FloatBuffer[] floats = new FloatBuffer[windows];
            IntBuffer[] ints = new IntBuffer[windows];
            for (int w = 0; w < windows; w++) {
                long first = w * rowsPerWindow;
                long bytes = Math.min(rowsPerWindow, header.rows() - first) * header.recordBytes();
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY,
                        DataFileHeader.BYTES + first * header.recordBytes(), bytes);
                ByteBuffer ordered = map.order(ByteOrder.LITTLE_ENDIAN);
                floats[w] = ordered.asFloatBuffer();
                ints[w] = ordered.asIntBuffer();
            }
            return new MappedExamples(source, header, floats, ints, rowsPerWindow);
        }
    }

    @Override
    public long count() {
        return header.rows();
    }

    @Override
    public int featureCount() {
        return header.featureCount();
    }

    @Override
    public boolean hasLabels() {
        return header.labels();
    }

    @Override
    public int classCount() {
        return header.labels() ? header.classOrTargetCount() : 0;
    }

    @Override
    public int targetCount() {
        return header.labels() ? 0 : header.classOrTargetCount();
    }

    /**
     * Copies the records {@code rows[0..n)} into the buffers (see {@link Examples#gather}); allocates
     * nothing.
     *
     * @throws UncheckedIOException wrapping a {@link DataFormatException} naming the row and byte offset when
     *                              a stored label is outside {@code [0, classCount())}
     */
    @Override
    public void gather(long[] rows, int n, float[] x, int[] labels, float[] targets) {
        int f = header.featureCount();
        int t = targetCount();
        long count = header.rows();
        for (int i = 0; i < n; i++) {
            long row = rows[i];
            if (row < 0 || row >= count) {
                throw new IndexOutOfBoundsException("row " + row + " is outside [0, " + count + ")");
            }
            int w = (int) (row / rowsPerWindow);
            int word = (int) (row % rowsPerWindow) * wordsPerRow;
            floats[w].get(word, x, i * f, f);
            if (labels != null && header.labels()) {
                int label = ints[w].get(word + f);
                if (label < 0 || label >= header.classOrTargetCount()) {
                    throw new UncheckedIOException(DataFormatException.atByte(source, offsetOf(row) + 4L * f,
                            "row " + row + ": label " + label + " is not in [0, " + header.classOrTargetCount() + ")"));
                }
                labels[i] = label;
            } else if (targets != null && !header.labels()) {
                floats[w].get(word + f, targets, i * t, t);
            }
        }
    }

    /**
     * Reads every record once: checks the data checksum of the header, that every feature (and target) is
     * finite, and that every label is in range. Costs one sequential pass over the file; allocates one
     * record's worth of buffers.
     *
     * @throws DataFormatException naming the first bad row and its byte offset, or the checksum mismatch
     */
    public void verify() throws DataFormatException {
        CRC32C crc = new CRC32C();
        byte[] record = new byte[header.recordBytes()];
        int f = header.featureCount();
        ByteBuffer view = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        for (long row = 0; row < header.rows(); row++) {
            int w = (int) (row / rowsPerWindow);
            int word = (int) (row % rowsPerWindow) * wordsPerRow;
            for (int k = 0; k < wordsPerRow; k++) {
                view.putInt(4 * k, ints[w].get(word + k));
            }
            crc.update(record);
            for (int k = 0; k < wordsPerRow; k++) {
                boolean label = header.labels() && k == f;
                if (label ? (view.getInt(4 * k) < 0 || view.getInt(4 * k) >= header.classOrTargetCount())
                        : !Float.isFinite(view.getFloat(4 * k))) {
                    throw DataFormatException.atByte(source, offsetOf(row) + 4L * k, "row " + row + ", "
                            + (label ? "label " + view.getInt(4 * k) + " is out of range"
                            : (k < f ? "feature " + k : "target " + (k - f)) + " is not finite"));
                }
            }
        }
        if ((int) crc.getValue() != (int) header.dataChecksum()) {
            throw DataFormatException.atByte(source, 32, "data checksum mismatch: the records are damaged");
        }
    }

    /**
     * Copies every example into an in-memory {@link Dataset} ({@link Dataset#copyOf}); the caller checks that
     * they fit the heap first.
     *
     * @return a new data set holding the same examples in the same order
     * @throws IllegalArgumentException when the file holds more values than one Java array can
     */
    public Dataset toDataset() {
        return Dataset.copyOf(this);
    }

    private long offsetOf(long row) {
        return DataFileHeader.BYTES + row * header.recordBytes();
    }

    @Override
    public String toString() {
        return "MappedExamples[" + source + ": " + header.rows() + " x " + header.featureCount()
                + (hasLabels() ? ", " + classCount() + " classes" : ", " + targetCount() + " targets") + "]";
    }
}
