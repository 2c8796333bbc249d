package dev.vecnet.examples.serving;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /predict}: reads the body within the byte limit and the request's deadline, picks the reader
 * by content type, then takes a free predictor slot, parses and checks every row into the slot's own input
 * buffer, and only then predicts with the slot's predictor of the model read at the start of the request,
 * which answers the whole request; the slot is given back in a {@code finally}. A refused request gets its
 * 4xx and a one-line JSON error and touches no predictor; any other failure is a 500 ({@link Response#of});
 * nothing a request does reaches another request's buffers. Runs on the server's connection threads.
 */
final class PredictHandler implements HttpHandler {
    private final ModelHolder models;
    private final SlotPool slots;
    private final ServiceOptions options;
    private final PredictMetrics metrics;
    private final CompletableFuture<Instant> firstAnswer;

    PredictHandler(ModelHolder models, SlotPool slots, ServiceOptions options, PredictMetrics metrics,
                   CompletableFuture<Instant> firstAnswer) {
        this.models = models;
        this.slots = slots;
        this.options = options;
        this.metrics = metrics;
        this.firstAnswer = firstAnswer;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        // A request that ends without an answer (the client went away or its deadline passed) counts as failed.
        int status = 500;
        try {
            Response response = Response.of("POST /predict", () -> answer(exchange));
            status = response.status();
            // Writing the answer gets a timeout of its own: a client that does not read is cut off too.
            RequestDeadline.current().resume();
            JsonResponses.send(exchange, status, response.body());
            if (status == 200 && !firstAnswer.isDone()) {
                firstAnswer.complete(Instant.now());
            }
        } finally {
            try {
                exchange.close();
            } finally {
                metrics.record(System.nanoTime() - start, status);
            }
        }
    }

    private Response answer(HttpExchange exchange) throws IOException, RequestException {
        Routes.require(exchange, "/predict", "POST");
        // One read of the reference: a reload during this request does not change who answers it.
        ServingModel model = models.current();
        if (model == null) {
            throw new RequestException(503, "no model is loaded yet: wait for GET /health to answer 200");
        }
        byte[] body = RequestBodies.read(exchange, options.maxBodyBytes());
        RowFormat format = RowFormat.of(exchange.getRequestHeaders().getFirst("Content-Type"));
        if (!RequestDeadline.current().pause()) {
            throw new InterruptedIOException("the request was not read within its deadline");
        }
        int slotIndex = takeSlot();
        try {
            PredictorSlot slot = model.slot(slotIndex);
            int rows = format.parse(body, slot.input, model.inputSize(), options.maxRows());
            slot.predict(rows);
            return new Response(200, JsonResponses.prediction(model, slot, rows));
        } finally {
            slots.giveBack(slotIndex);
        }
    }

    private int takeSlot() throws InterruptedIOException {
        try {
            return slots.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a predictor");
        }
    }
}
