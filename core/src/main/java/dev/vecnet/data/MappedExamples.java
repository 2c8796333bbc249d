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
    /** What a read of a file that was cut short (or otherwise changed) under its mapping is reported as. */
    public static final String CHANGED_WHILE_READING = "file changed or truncated while reading";
    /** Upper bound of one mapped window, below the 2 GiB limit of a {@link MappedByteBuffer}. */
    static final long WINDOW_BYTES = 1L << 30;

    private final String source;
    private final DataFileHeader header;
    private final long rowsPerWindow;
    private final int wordsPerRow;
    private final ByteBuffer[] bytes;
    private final FloatBuffer[] floats;
    private final IntBuffer[] ints;

    private MappedExamples(String source, DataFileHeader header, ByteBuffer[] bytes, long rowsPerWindow) {
        this.source = source;
        this.header = header;
        this.bytes = bytes;
        this.floats = new FloatBuffer[bytes.length];
        this.ints = new IntBuffer[bytes.length];
        for (int w = 0; w < bytes.length; w++) {
            floats[w] = bytes[w].asFloatBuffer();
            ints[w] = bytes[w].asIntBuffer();
        }
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
            MappedWindows windows = MappedWindows.map(channel, DataFileHeader.BYTES, header.rows(),
                    header.recordBytes(), windowBytes);
            return new MappedExamples(source, header, windows.windows(), windows.rowsPerWindow());
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
     * Copies the records {@code rows[0..n)} into the buffers (see {@link Examples#gather}), checking each as it
     * is copied: features and targets finite, the label in {@code [0, classCount())}. Allocates nothing.
     *
     * @throws UncheckedIOException wrapping a {@link DataFormatException} naming the file, the row and its byte
     *                              offset when a stored value is out of range, or the file when it was changed
     *                              or truncated while mapped
     */
    @Override
    public void gather(long[] rows, int n, float[] x, int[] labels, float[] targets) {
        int f = header.featureCount();
        int t = targetCount();
        long count = header.rows();
        long row = -1;
        try {
            for (int i = 0; i < n; i++) {
                row = rows[i];
                MappedWindows.requireRow(row, count);
                int w = (int) (row / rowsPerWindow);
                int word = (int) (row % rowsPerWindow) * wordsPerRow;
                floats[w].get(word, x, i * f, f);
                requireFinite(row, x, i * f, f, 0);
                if (labels != null && header.labels()) {
                    labels[i] = checkedLabel(row, ints[w].get(word + f));
                } else if (targets != null && !header.labels()) {
                    floats[w].get(word + f, targets, i * t, t);
                    requireFinite(row, targets, i * t, t, f);
                }
            }
        } catch (DataFormatException e) {
            throw new UncheckedIOException(e);
        } catch (InternalError e) {
            // A read from a mapped page the file no longer has faults; the JDK reports it as this error.
            throw new UncheckedIOException(changedWhileReading(row, e));
        }
    }

    /**
     * Reads every record once: checks the data checksum of the header, that every feature (and target) is
     * finite, and that every label is in range. Costs one sequential pass over the file, copied to the heap in
     * chunks of whole records of about 64 kB (the checksum then runs over each chunk in bulk; it never reads the
     * mapping itself, whose pages a truncated file no longer has); allocates one chunk.
     *
     * @throws DataFormatException naming the first bad row and its byte offset, the checksum mismatch, or the
     *                             file when it was changed or truncated while being read
     */
    public void verify() throws DataFormatException {
        CRC32C crc = new CRC32C();
        int f = header.featureCount();
        int recordBytes = header.recordBytes();
        int rowsPerChunk = Math.max(1, (1 << 16) / recordBytes);
        byte[] chunk = new byte[rowsPerChunk * recordBytes];
        ByteBuffer values = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        long row = 0;
        try {
            for (int w = 0; w < bytes.length; w++) {
                int windowRows = bytes[w].capacity() / recordBytes;
                for (int first = 0; first < windowRows; first += rowsPerChunk) {
                    int m = Math.min(rowsPerChunk, windowRows - first);
                    row = w * rowsPerWindow + first;
                    bytes[w].get(first * recordBytes, chunk, 0, m * recordBytes);
                    crc.update(chunk, 0, m * recordBytes);
                    for (int i = 0; i < m; i++) {
                        checkRecord(w * rowsPerWindow + first + i, values, i * recordBytes, f);
                    }
                }
            }
        } catch (InternalError e) {
            throw changedWhileReading(row, e);
        }
        if ((int) crc.getValue() != (int) header.dataChecksum()) {
            throw DataFormatException.atByte(source, 32, "data checksum mismatch: the records are damaged");
        }
    }

    /** Checks the record of {@code row} held in {@code values} from byte {@code at}. */
    private void checkRecord(long row, ByteBuffer values, int at, int f) throws DataFormatException {
        for (int k = 0; k < wordsPerRow; k++) {
            if (k == f && header.labels()) {
                checkedLabel(row, values.getInt(at + 4 * k));
            } else if (!Float.isFinite(values.getFloat(at + 4 * k))) {
                throw notFinite(row, k, values.getFloat(at + 4 * k));
            }
        }
    }

    /**
     * The file's name as given to {@link #open}, for messages.
     *
     * @return the path as text
     */
    String source() {
        return source;
    }

    private int checkedLabel(long row, int label) throws DataFormatException {
        if (label < 0 || label >= header.classOrTargetCount()) {
            throw DataFormatException.atByte(source, offsetOf(row) + 4L * header.featureCount(), "row " + row
                    + ": label " + label + " is not in [0, " + header.classOrTargetCount() + ")");
        }
        return label;
    }

    /** Checks {@code values[off, off + n)}, words {@code [first, first + n)} of a record of {@code row}. */
    private void requireFinite(long row, float[] values, int off, int n, int first) throws DataFormatException {
        for (int k = 0; k < n; k++) {
            if (!Float.isFinite(values[off + k])) {
                throw notFinite(row, first + k, values[off + k]);
            }
        }
    }

    private DataFormatException notFinite(long row, int word, float value) {
        return DataFormatException.atByte(source, offsetOf(row) + 4L * word, "row " + row + ": "
                + (word < header.featureCount() ? "feature " + word : "target " + (word - header.featureCount()))
                + " is " + value + ", not finite");
    }

    private DataFormatException changedWhileReading(long row, InternalError e) {
        return new DataFormatException(source + ": " + CHANGED_WHILE_READING + " (at row " + row
                + " of the " + header.rows() + " its header declares)", e);
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
