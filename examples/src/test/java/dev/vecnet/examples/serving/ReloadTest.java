package dev.vecnet.examples.serving;

import dev.vecnet.format.ModelFile;
import dev.vecnet.nn.Predictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reloading while clients keep sending: every request succeeds, and each answer is entirely one model's:
 * the generation it names, and every row's classes and probabilities equal to that model's in-process
 * prediction (two models whose answers differ on every row, so a mixed answer could not pass).
 */
class ReloadTest {
    private static final int ROWS = 8;
    private static final int RELOADS = 6;
    private static final int CLIENTS = 3;
    private static final int ANSWERS_PER_GENERATION = 10;

    @TempDir
    Path dir;

    @Test
    void requestsDuringReloadsAllSucceedAndEachIsAnsweredByOneModel() throws Exception {
        Path[] files = {TestModels.classifier(dir, 11), TestModels.classifier(dir, 12)};
        float[] x = new float[ROWS * TestModels.FEATURES];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-3, 3);
        }
        // Each model's expected answer to the one request all clients send.
        PlannedRequest[] expected = new PlannedRequest[2];
        for (int m = 0; m < 2; m++) {
            Predictor reference = ModelFile.load(files[m]).predictor(ROWS);
            expected[m] = RequestPlan.goodRequest(reference, x, ROWS, true);
        }
        int width = expected[0].outputs().length / ROWS;
        for (int r = 0; r < ROWS; r++) {
            // Every row differs between the models, so an answer mixing rows of both cannot match either.
            assertTrue(!java.util.Arrays.equals(expected[0].outputs(), r * width, (r + 1) * width,
                    expected[1].outputs(), r * width, (r + 1) * width), "row " + r + " is the same under both models");
        }
        assertArrayEquals(expected[0].body(), expected[1].body());

        try (PredictionService service = PredictionService.start(
                ServiceOptions.loopback(0, 2, ROWS, 1 << 16).withWarmUp(Duration.ofMillis(100), 500))) {
            service.reload(files[0]);
            AtomicBoolean reloading = new AtomicBoolean(true);
            AtomicLong answered = new AtomicLong();
            Queue<String> problems = new ConcurrentLinkedQueue<>();
            long[] perGeneration = new long[RELOADS + 2];
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Thread client = new Thread(() -> send(service.uri(), expected, reloading, answered, perGeneration, problems));
                client.start();
                clients.add(client);
            }
            for (int r = 0; r < RELOADS; r++) {
                awaitAnswers(answered, problems);
                // Generation g serves files[(g - 1) % 2]: 1 -> model 0, 2 -> model 1, ...
                assertEquals(r + 2, service.reload(files[(r + 1) % 2]).generation());
            }
            awaitAnswers(answered, problems);
            reloading.set(false);
            for (Thread client : clients) {
                client.join();
            }
            assertTrue(problems.isEmpty(), problems.toString());
            assertTrue(answered.get() > 50, "too few requests to prove anything: " + answered.get());
            long generationsSeen = java.util.Arrays.stream(perGeneration).filter(n -> n > 0).count();
            assertTrue(generationsSeen >= 4, "requests should span several generations: " + java.util.Arrays.toString(perGeneration));
        }
    }

    /**
     * Waits until the clients got {@value #ANSWERS_PER_GENERATION} more answers (or a problem), so that every
     * generation serves requests however slow the machine is; gives up after a minute.
     */
    private static void awaitAnswers(AtomicLong answered, Queue<String> problems) throws InterruptedException {
        long target = answered.get() + ANSWERS_PER_GENERATION;
        for (int wait = 0; wait < 6_000 && answered.get() < target && problems.isEmpty(); wait++) {
            Thread.sleep(10);
        }
    }

    private static void send(URI uri, PlannedRequest[] expected, AtomicBoolean reloading, AtomicLong answered,
                             long[] perGeneration, Queue<String> problems) {
        Http http = new Http(uri);
        String body = new String(expected[0].body(), StandardCharsets.UTF_8);
        while (reloading.get()) {
            HttpResponse<String> response = http.post("/predict", "text/csv", body);
            String text = response.body();
            if (response.statusCode() != 200 || !text.startsWith("{\"generation\":")) {
                problems.add("status " + response.statusCode() + ": " + text);
                continue;
            }
            int generation = Integer.parseInt(text.substring("{\"generation\":".length(), text.indexOf(',')));
            synchronized (perGeneration) {
                perGeneration[generation]++;
            }
            PlannedRequest model = expected[(generation - 1) % 2];
            String problem = ResponseCheck.problem(model, 200, text.getBytes(StandardCharsets.UTF_8));
            if (problem != null) {
                problems.add("generation " + generation + ": " + problem);
            }
            answered.incrementAndGet();
        }
    }
}
