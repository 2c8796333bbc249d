package dev.vecnet.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A region of fixed-size records of a file, mapped read-only in windows of at most a given size, each a whole
 * number of records, so no record straddles two windows and row indices may exceed what one buffer holds.
 * Immutable; the buffers are read with absolute gets only, so many threads may read at once.
 */
final class MappedWindows {
    private final ByteBuffer[] windows;
    private final long rowsPerWindow;
    private final int recordBytes;

    private MappedWindows(ByteBuffer[] windows, long rowsPerWindow, int recordBytes) {
        this.windows = windows;
        this.rowsPerWindow = rowsPerWindow;
        this.recordBytes = recordBytes;
    }

    /**
     * Maps {@code rows} records of {@code recordBytes} bytes from byte {@code offset} of the channel's file, which
     * the caller has checked holds them. Allocates the window table: a few small objects per window.
     */
    static MappedWindows map(FileChannel channel, long offset, long rows, int recordBytes, long windowBytes)
            throws IOException {
        long rowsPerWindow = Math.max(1, windowBytes / recordBytes);
        int count = Math.toIntExact((rows + rowsPerWindow - 1) / rowsPerWindow);
        ByteBuffer[] windows = new ByteBuffer[count];
        for (int w = 0; w < count; w++) {
            long first = w * rowsPerWindow;
            long size = Math.min(rowsPerWindow, rows - first) * recordBytes;
            windows[w] = channel.map(FileChannel.MapMode.READ_ONLY, offset + first * recordBytes, size)
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
        return new MappedWindows(windows, rowsPerWindow, recordBytes);
    }

    /** Throws the {@link Examples#gather} exception for a row outside {@code [0, count)}. */
    static void requireRow(long row, long count) {
        if (row < 0 || row >= count) {
            throw new IndexOutOfBoundsException("row " + row + " is outside [0, " + count + ")");
        }
    }

    /** The window that holds {@code row}. */
    ByteBuffer windowOf(long row) {
        return windows[(int) (row / rowsPerWindow)];
    }

    /** The byte position of {@code row} in its window. */
    int positionOf(long row) {
        return (int) (row % rowsPerWindow) * recordBytes;
    }

    /** The windows, in file order. */
    ByteBuffer[] windows() {
        return windows;
    }

    /** Records per window (the last may hold fewer). */
    long rowsPerWindow() {
        return rowsPerWindow;
    }
}
