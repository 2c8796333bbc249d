package dev.vecnet.examples.serving;

/**
 * A request the service refuses, with the HTTP status and the one-line message of its JSON error body.
 * Thrown by the request checks before any predictor is used.
 */
final class RequestException extends Exception {
    private static final long serialVersionUID = 1L;

    /** 400: malformed rows, bad numbers, wrong feature count, empty body, non-finite values. */
    static final int BAD_REQUEST = 400;
    /** 413: a body or a row count over the service's limit. */
    static final int TOO_LARGE = 413;
    /** 415: a content type other than CSV or JSON. */
    static final int UNSUPPORTED_TYPE = 415;

    private final int status;

    RequestException(int status, String message) {
        // No stack trace: a refused request is an answer, not a fault, and is cheap to make.
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
