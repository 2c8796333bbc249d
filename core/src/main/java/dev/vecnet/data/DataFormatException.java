package dev.vecnet.data;

import java.io.IOException;

/**
 * A data file that does not hold what its format promises: a bad value, a ragged row, a wrong magic
 * number, a declared size the file cannot hold. The message names the file and the place: line and
 * column for text files, byte offset for binary ones.
 */
public final class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with this message and no cause.
     *
     * @param message what is wrong, already naming the file and the place
     */
    public DataFormatException(String message) {
        super(message);
    }

    /**
     * An exception with this message, wrapping the error that revealed the problem.
     *
     * @param message what is wrong, already naming the file and the place
     * @param cause   the underlying error
     */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    static DataFormatException at(String source, int line, int column, String what) {
        return new DataFormatException(source + ": line " + line + ", column " + column + ": " + what);
    }

    static DataFormatException atByte(String source, long offset, String what) {
        return new DataFormatException(source + ": byte " + offset + ": " + what);
    }
}
