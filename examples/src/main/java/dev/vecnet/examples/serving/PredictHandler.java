package dev.vecnet.examples.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /predict}: reads the body within the byte limit, picks the reader by content type, parses
 * and checks every row into the worker's own input buffer, and only then predicts with the worker's
 * predictor of the model read at the start of the request, which answers the whole request. A refused
 * request gets its 4xx and a one-line JSON error and touches no predictor; nothing a request does reaches
 * another request's buffers. Runs on the server's worker threads only.
 */
final class PredictHandler implements HttpHandler {
    private static final Logger LOG = Logger.getLogger(PredictHandler.class.getName());

    private final ModelHolder models;
    private final ServiceOptions options;
    private final PredictMetrics metrics;
    private final CompletableFuture<Instant> firstAnswer;

    PredictHandler(ModelHolder models, ServiceOptions options, PredictMetrics metrics, CompletableFuture<Instant> firstAnswer) {
        this.models = models;
        this.options = options;
        this.metrics = metrics;
        this.firstAnswer = firstAnswer;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        int status = 500;
        try {
            byte[] body;
            try {
                body = answer(exchange);
                status = 200;
            } catch (RequestException e) {
                status = e.status();
                body = JsonResponses.error(status, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "POST /predict failed", e);
                body = JsonResponses.error(status, "internal error: " + e.getClass().getSimpleName());
            }
            JsonResponses.send(exchange, status, body);
            if (status == 200 && !firstAnswer.isDone()) {
                firstAnswer.complete(Instant.now());
            }
        } finally {
            exchange.close();
            metrics.record(System.nanoTime() - start, status);
        }
    }

    private byte[] answer(HttpExchange exchange) throws IOException, RequestException {
        Routes.require(exchange, "/predict", "POST");
        // One read of the reference: a reload during this request does not change who answers it.
        ServingModel model = models.current();
        if (model == null) {
            throw new RequestException(503, "no model is loaded yet: wait for GET /health to answer 200");
        }
        byte[] body = RequestBodies.read(exchange, options.maxBodyBytes());
        RowFormat format = RowFormat.of(exchange.getRequestHeaders().getFirst("Content-Type"));
        PredictorSlot slot = model.slot(ServingThread.currentSlot());
        int rows = format.parse(body, slot.input, model.inputSize(), options.maxRows());
        slot.predict(rows);
        return JsonResponses.prediction(model, slot, rows);
    }
}
