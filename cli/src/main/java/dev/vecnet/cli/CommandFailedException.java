package dev.vecnet.cli;

/**
 * A well-formed command that failed while running: a missing or malformed file, training that diverged,
 * a gradient check that did not pass. {@link Main} prints the message and exits with status 1.
 */
public final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with a message a person can act on. */
    public CommandFailedException(String message) {
        super(message);
    }

    /** A failure with a message a person can act on and the exception behind it (shown with --verbose). */
    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
