package dev.vecnet.examples.serving;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a request body within the service's byte limit. A declared {@code Content-Length} over the limit is
 * refused before anything is read; a chunked body is read until it passes the limit. Either way at most
 * {@code maxBytes + 1} bytes are buffered. Stateless.
 */
final class RequestBodies {
    /** How much of a refused body is read and dropped so that the client, still sending, sees the 413. */
    private static final long DRAIN_LIMIT = 64L << 20;

    private RequestBodies() {
    }

    /**
     * The whole body, at most {@code maxBytes} bytes.
     *
     * @throws RequestException 413 over the limit, 400 for an empty body or a malformed Content-Length
     * @throws IOException      when the connection fails
     */
    static byte[] read(HttpExchange exchange, int maxBytes) throws IOException, RequestException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        InputStream in = exchange.getRequestBody();
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0) {
                throw new RequestException(RequestException.BAD_REQUEST, "Content-Length is not a length");
            }
            if (length > maxBytes) {
                drain(in);
                throw tooLarge(maxBytes);
            }
        }
        boolean known = length >= 0;
        byte[] buffer = new byte[known ? (int) length : Math.min(maxBytes + 1, 8192)];
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                if (size > maxBytes) {
                    drain(in);
                    throw tooLarge(maxBytes);
                }
                if (known) {
                    // The declared length is read; the server's stream ends there.
                    break;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes + 1L, 2L * buffer.length));
            }
            int n = in.read(buffer, size, buffer.length - size);
            if (n < 0) {
                break;
            }
            size += n;
        }
        if (size == 0) {
            throw new RequestException(RequestException.BAD_REQUEST, "the request body is empty: send rows");
        }
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }

    private static RequestException tooLarge(int maxBytes) {
        return new RequestException(RequestException.TOO_LARGE,
                "the request body is over " + maxBytes + " bytes, the service's limit");
    }

    /**
     * Reads and drops what is left of a refused body, up to {@link #DRAIN_LIMIT}: a client that is still
     * sending then reads the 413 instead of a reset connection. A larger body is cut off by closing.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        long dropped = 0;
        int n;
        while (dropped < DRAIN_LIMIT && (n = in.read(sink)) >= 0) {
            dropped += n;
        }
    }
}
