package dev.vecnet.examples.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;

/**
 * {@code GET /health} (200 once a model is loaded and warmed up, 503 before) and {@code GET /metrics}
 * ({@link PredictMetrics}). Both only read shared state; thread-safe.
 */
final class StatusHandlers {
    private StatusHandlers() {
    }

    static HttpHandler health(ModelHolder models) {
        return exchange -> respond(exchange, "/health", () -> {
            ServingModel model = models.current();
            return new Response(model == null ? 503 : 200, JsonResponses.health(model));
        });
    }

    static HttpHandler metrics(PredictMetrics metrics) {
        return exchange -> respond(exchange, "/metrics", () -> new Response(200, metrics.toJson()));
    }

    private static void respond(HttpExchange exchange, String path, Response.Work answer) throws IOException {
        try {
            Response response = Response.of("GET " + path, () -> {
                Routes.require(exchange, path, "GET");
                return answer.get();
            });
            JsonResponses.send(exchange, response.status(), response.body());
        } finally {
            exchange.close();
        }
    }
}
