package dev.vecnet.format;

import java.io.IOException;

/**
 * The one exception a model file reader throws for a defective file: truncated, malformed header,
 * inconsistent offsets, checksum mismatch, tensors missing or of the wrong shape, non-finite values.
 * The message says what is wrong and where (a byte offset or a tensor name).
 */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A defect described by {@code message}.
     *
     * @param message what is wrong and where (a byte offset or a tensor name)
     */
    public ModelFormatException(String message) {
        super(message);
    }
}
