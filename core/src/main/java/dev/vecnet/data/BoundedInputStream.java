package dev.vecnet.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes at most {@code limit} bytes through and throws {@link DataTooLargeException} on the first byte
 * beyond: the guard against compressed input that expands without end. Not thread-safe.
 */
final class BoundedInputStream extends FilterInputStream {
    private final String source;
    private final long limit;
    private long read;

    BoundedInputStream(InputStream in, String source, long limit) {
        super(in);
        this.source = source;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, (int) Math.min(len, Math.max(1, limit - read + 1)));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws DataTooLargeException {
        read += n;
        if (read > limit) {
            throw new DataTooLargeException(source + ": decompresses to more than " + limit + " bytes ("
                    + MemoryLimits.format(limit) + "), the limit on decompressed input; stopped there");
        }
    }
}
