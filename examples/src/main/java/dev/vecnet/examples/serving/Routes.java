package dev.vecnet.examples.serving;

import com.sun.net.httpserver.HttpExchange;

/**
 * The exact path and method check of each endpoint: the JDK server matches contexts by prefix, so
 * {@code /predictions} would otherwise reach {@code /predict}. Stateless.
 */
final class Routes {
    private Routes() {
    }

    /**
     * Passes when the request is {@code method path}.
     *
     * @throws RequestException 404 for another path, 405 (with an {@code Allow} header) for another method
     */
    static void require(HttpExchange exchange, String path, String method) throws RequestException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            throw new RequestException(404, "no such endpoint: " + ClientText.quote(exchange.getRequestURI().getPath()));
        }
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new RequestException(405, path + " takes " + method + ", not " + ClientText.quote(exchange.getRequestMethod()));
        }
    }
}
