package dev.vecnet.examples.serving;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One answer of the service: its HTTP status and JSON body.
 *
 * @param status the HTTP status
 * @param body   the whole JSON body
 */
record Response(int status, byte[] body) {
    private static final Logger LOG = Logger.getLogger(Response.class.getName());

    /** What an endpoint computes for one request. */
    interface Work {
        Response get() throws IOException, RequestException;
    }

    /**
     * The answer of {@code work}, whatever it throws: a {@link RequestException} is its status with a
     * one-line JSON error, and any other throwable but a {@link VirtualMachineError} (an
     * {@link AssertionError} of a library included) is a 500 that names only its class and is logged, so
     * that the connection thread lives on and answers the next request.
     *
     * @param endpoint names the endpoint in the log, such as {@code "POST /predict"}
     * @throws IOException when the connection failed or its deadline passed: there is nobody to answer
     */
    static Response of(String endpoint, Work work) throws IOException {
        try {
            return work.get();
        } catch (RequestException e) {
            return error(e.status(), e.getMessage());
        } catch (IOException | VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.log(Level.SEVERE, endpoint + " failed", e);
            return error(500, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private static Response error(int status, String message) {
        return new Response(status, JsonResponses.error(status, message));
    }
}
