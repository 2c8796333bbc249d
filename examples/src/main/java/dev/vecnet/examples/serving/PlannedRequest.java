package dev.vecnet.examples.serving;

/**
 * One request of the load test, made before the clients start: its body and content type and what must
 * come back. A good request expects 200 and exactly {@code classes} and {@code outputs}; a bad one
 * expects {@code status} and an error message containing {@code messagePart}.
 *
 * @param name        what it is, for reports ({@code "32 rows json"}, {@code "NaN value"})
 * @param contentType the Content-Type header
 * @param body        the request body
 * @param rows        the rows of a good request, 0 for a bad one
 * @param status      the expected HTTP status
 * @param classes     a good request's expected classes, else null
 * @param outputs     a good request's expected probabilities {@code [rows][outputs]}, else null
 * @param messagePart a bad request's expected fragment of the error message, else null
 */
record PlannedRequest(String name, String contentType, byte[] body, int rows, int status, int[] classes,
                      float[] outputs, String messagePart) {

    boolean good() {
        return status == 200;
    }
}
