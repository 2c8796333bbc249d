package dev.vecnet.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/** Byte-level helpers shared by the binary loaders: content length, gzip, exact reads. */
final class DataFiles {
    private DataFiles() {
    }

    static boolean isGzip(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /**
     * The number of bytes the file holds once decompressed: its length, or for a {@code .gz} file the
     * size its gzip trailer records (ISIZE, the length modulo 2^32, which is exact below 4 GiB).
     * Reads no more than the last four bytes, so it is safe to call before trusting any header.
     */
    static long contentLength(Path file) throws IOException {
        long length = Files.size(file);
        if (!isGzip(file)) {
            return length;
        }
        if (length < 18) {
            throw DataFormatException.atByte(file.toString(), 0, "too short for a gzip file (" + length + " bytes)");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(trailer, length - 4);
            return Integer.toUnsignedLong(trailer.getInt(0));
        }
    }

    static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return isGzip(file) ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** Reads exactly {@code n} bytes into {@code buffer[off..off+n)}, naming the offset on a short read. */
    static void readFully(InputStream in, byte[] buffer, int off, int n, String source, long position)
            throws IOException {
        int done = 0;
        while (done < n) {
            int r = in.read(buffer, off + done, n - done);
            if (r < 0) {
                throw DataFormatException.atByte(source, position + done, "file ends early: expected "
                        + (n - done) + " more bytes");
            }
            done += r;
        }
    }

    /** Fails unless the stream is at its end, naming the offset of the first extra byte. */
    static void expectEnd(InputStream in, String source, long position) throws IOException {
        if (in.read() >= 0) {
            throw DataFormatException.atByte(source, position, "unexpected bytes after the declared data");
        }
    }

    static int readInt(InputStream in, String source, long position) throws IOException {
        byte[] b = new byte[4];
        readFully(in, b, 0, 4, source, position);
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}
