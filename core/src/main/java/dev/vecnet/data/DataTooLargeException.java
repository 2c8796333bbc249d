package dev.vecnet.data;

import java.io.IOException;

/**
 * Data that would not fit where it is going: a data set larger than the memory budget of an in-memory
 * load, or compressed input that decompresses beyond its bound. Thrown before the memory is allocated
 * (or, for decompression, as soon as the bound is passed); the message names the file, the sizes and the
 * limit.
 */
public final class DataTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with this message.
     *
     * @param message what is too large and what the limit is, naming the file
     */
    public DataTooLargeException(String message) {
        super(message);
    }
}
