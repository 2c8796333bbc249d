package dev.vecnet.cli;

/**
 * A command line that cannot be carried out as written: a bad architecture spec, an unknown name, a value
 * out of range, an architecture that does not fit the data. {@link Main} prints the message and exits with
 * status 2, like picocli's own parse errors. The message names the offending option or token and the fix.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message a person can act on. */
    public UsageException(String message) {
        super(message);
    }
}
