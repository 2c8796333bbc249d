package dev.vecnet.examples.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes the service's JSON responses. Floats are written as {@link Float#toString} writes them (Jackson's
 * {@code writeNumber(float)}), which {@link Float#parseFloat} reads back to the same bits, so a client
 * gets exactly the predictor's values. Stateless; allocates the response bytes.
 */
final class JsonResponses {
    private JsonResponses() {
    }

    /**
     * {@code {"generation": g, "classes": [c, ...], "probabilities": [[p, ...], ...]}} for {@code rows} rows
     * of a slot that has just predicted; {@code "scores"} instead of {@code "probabilities"} for a model
     * that gives scores, no {@code "classes"} for one that predicts no classes.
     */
    static byte[] prediction(ServingModel model, PredictorSlot slot, int rows) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("generation", model.generation);
            if (model.output.classes()) {
                g.writeArrayFieldStart("classes");
                for (int r = 0; r < rows; r++) {
                    g.writeNumber(slot.classes[r]);
                }
                g.writeEndArray();
            }
            int width = model.outputSize();
            g.writeArrayFieldStart(model.output.key());
            for (int r = 0; r < rows; r++) {
                g.writeStartArray();
                for (int j = 0; j < width; j++) {
                    g.writeNumber(slot.outputs[r * width + j]);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** {@code {"status": status, "error": "message"}}. */
    static byte[] error(int status, String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("status", status);
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    /** {@code {"status": "ready", "generation": g, "inputs": n, "outputs": m}}, or {@code {"status": "loading"}}. */
    static byte[] health(ServingModel model) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("status", model == null ? "loading" : "ready");
            if (model != null) {
                g.writeNumberField("generation", model.generation);
                g.writeNumberField("inputs", model.inputSize());
                g.writeNumberField("outputs", model.outputSize());
            }
            g.writeEndObject();
        });
    }

    /**
     * {@code {"predict": {"count": n, "p50_us": .., "p90_us": .., "p99_us": .., "p999_us": .., "max_us": ..},
     * "responses": {"ok": n, "refused": n, "failed": n}}}.
     */
    static byte[] metrics(LatencySummary latency, long ok, long refused, long failed) {
        return write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("predict");
            g.writeNumberField("count", latency.count());
            g.writeNumberField("p50_us", latency.p50Us());
            g.writeNumberField("p90_us", latency.p90Us());
            g.writeNumberField("p99_us", latency.p99Us());
            g.writeNumberField("p999_us", latency.p999Us());
            g.writeNumberField("max_us", latency.maxUs());
            g.writeEndObject();
            g.writeObjectFieldStart("responses");
            g.writeNumberField("ok", ok);
            g.writeNumberField("refused", refused);
            g.writeNumberField("failed", failed);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** Sends {@code body} as the whole {@code application/json} response with {@code status}, then closes. */
    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** What a response writes into the generator. */
    private interface Body {
        void writeTo(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JsonRows.FACTORY.createGenerator(bytes)) {
            body.writeTo(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a byte array failed", e);
        }
        return bytes.toByteArray();
    }
}
