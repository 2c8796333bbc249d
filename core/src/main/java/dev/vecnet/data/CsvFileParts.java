package dev.vecnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A plain CSV file's data lines cut into byte ranges that start at line starts, so that each range can be
 * read and parsed on its own thread: range {@code k} holds the lines that start in
 * {@code [start(k), start(k + 1))}. The cut points are {@code dataStart + k * (size - dataStart) / parts}
 * moved forward to the byte after the next {@code '\n'} (or to the end of the file), so every line is in
 * exactly one range, whatever the parts. Reads through positional {@link FileChannel} reads, which several
 * threads may make at once on one channel.
 */
final class CsvFileParts {
    private final FileChannel channel;
    private final long[] starts;

    /**
     * Cuts the bytes {@code [dataStart, channel.size())} into at most {@code parts} ranges.
     *
     * @param channel   the open file, read only through positional reads; not closed here
     * @param dataStart the offset of the first data line (just after the header's line end)
     * @param parts     the number of ranges, {@code >= 1}; some may be empty
     */
    CsvFileParts(FileChannel channel, long dataStart, int parts) throws IOException {
        this.channel = channel;
        long size = channel.size();
        starts = new long[parts + 1];
        starts[0] = dataStart;
        starts[parts] = size;
        for (int k = 1; k < parts; k++) {
            long cut = dataStart + (size - dataStart) * k / parts;
            starts[k] = Math.max(starts[k - 1], lineStartAtOrAfter(cut, size));
        }
    }

    /** The number of ranges. */
    int count() {
        return starts.length - 1;
    }

    /** The bytes of range {@code k} as a stream (not thread-safe itself; one per reader). */
    InputStream open(int k) {
        return new RangeStream(starts[k], starts[k + 1]);
    }

    /** The offset just after the first {@code '\n'} at or after {@code cut - 1}, or {@code size}. */
    private long lineStartAtOrAfter(long cut, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 12);
        long position = cut - 1;
        while (position < size) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buffer.get(i) == '\n') {
                    return position + i + 1;
                }
            }
            position += n;
        }
        return size;
    }

    /** Bytes {@code [from, to)} of the channel, read with positional reads. */
    private final class RangeStream extends InputStream {
        private long position;
        private final long end;

        RangeStream(long from, long to) {
            this.position = from;
            this.end = to;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= end) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
            if (n < 0) {
                // The file got shorter than when it was cut: its remaining lines are simply missing, which
                // the row counts of the two passes then disagree about.
                return -1;
            }
            position += n;
            return n;
        }
    }
}
