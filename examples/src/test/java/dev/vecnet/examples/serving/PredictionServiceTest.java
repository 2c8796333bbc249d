package dev.vecnet.examples.serving;

import dev.vecnet.format.ModelFile;
import dev.vecnet.nn.Predictor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictionServiceTest {
    private static final int MAX_ROWS = 8;
    private static final int MAX_BODY = 4096;

    @TempDir
    Path dir;
    private PredictionService service;
    private Http http;

    @BeforeEach
    void start() throws IOException {
        service = PredictionService.start(ServiceOptions.loopback(0, 2, MAX_ROWS, MAX_BODY).withWarmUp(Duration.ofMillis(50), 100));
        http = new Http(service.uri());
    }

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void notReadyUntilAModelIsLoadedAndWarmedUp() throws IOException {
        assertEquals(503, http.get("/health").statusCode());
        HttpResponse<String> early = http.post("/predict", "text/csv", "1,2,3,4,5");
        assertEquals(503, early.statusCode());
        assertTrue(early.body().contains("no model is loaded yet"), early.body());
        assertTrue(service.uri().getHost().equals("127.0.0.1"), "bound to loopback: " + service.uri());

        ModelSwap swap = service.reload(TestModels.classifier(dir, 1));
        assertEquals(1, swap.generation());
        assertTrue(swap.warmUpPasses() > 0);
        HttpResponse<String> health = http.get("/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"generation\":1") && health.body().contains("\"inputs\":5"), health.body());
    }

    @Test
    void csvAndJsonAnswersEqualTheLibrarysPredictorBitForBit() throws IOException {
        Path file = TestModels.classifier(dir, 2);
        service.reload(file);
        Predictor reference = ModelFile.load(file).predictor(MAX_ROWS);
        SplittableRandom random = new SplittableRandom(7);
        for (int rows : new int[] {1, 3, MAX_ROWS}) {
            float[] x = new float[rows * TestModels.FEATURES];
            for (int i = 0; i < x.length; i++) {
                // Raw inputs around the stored means: the preprocessing must be applied by the service.
                x[i] = (float) random.nextDouble(-4, 4);
            }
            for (boolean csv : new boolean[] {true, false}) {
                PlannedRequest request = RequestPlan.goodRequest(reference, x, rows, csv);
                HttpResponse<String> response = http.post("/predict", request.contentType(),
                        new String(request.body(), StandardCharsets.UTF_8));
                assertNull(ResponseCheck.problem(request, response.statusCode(), bytes(response)), response.body());
                assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            }
        }
    }

    @Test
    void aModelWithoutProbabilitiesAnswersScoresAndNoClasses() throws IOException {
        Path file = TestModels.regression(dir);
        service.reload(file);
        float[] x = {0.5f, -1f, 2f, 0f, 1.5f};
        float[] expected = ModelFile.load(file).predictor(1).predict(x, 0, 1);
        HttpResponse<String> response = http.post("/predict", "text/csv", "0.5,-1,2,0,1.5\n");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"generation\":1,\"scores\":[[" + expected[0] + "," + expected[1] + "]]}", response.body());
    }

    @Test
    void refusalsAreOneLineJsonErrorsAndLeaveTheServiceAnswering() throws IOException {
        Path file = TestModels.classifier(dir, 4);
        service.reload(file);
        String row = "1,2,3,4,5\n";
        assertRefused(400, "is not a decimal number", http.post("/predict", "text/csv", "1,2,x,4,5"));
        assertRefused(400, "line 1 has 4 values, the model takes 5 features", http.post("/predict", "text/csv", "1,2,3,4"));
        assertRefused(400, "malformed JSON", http.post("/predict", "application/json", "{\"rows\": [[1,2,3,4,5]"));
        assertRefused(400, "the request body is empty", http.post("/predict", "text/csv", ""));
        assertRefused(400, "is Infinity", http.post("/predict", "application/json", "{\"rows\": [[1,2,3,4,Infinity]]}"));
        assertRefused(400, "is nan", http.post("/predict", "text/csv", "1,2,3,nan,5"));
        assertRefused(415, "not supported", http.post("/predict", "text/plain", row));
        assertRefused(415, "no Content-Type", http.post("/predict", null, row));
        assertRefused(413, "at most " + MAX_ROWS + " rows", http.post("/predict", "text/csv", row.repeat(MAX_ROWS + 1)));
        assertRefused(413, "over " + MAX_BODY + " bytes", http.post("/predict", "text/csv", row.repeat(MAX_BODY / row.length() + 1)));
        assertRefused(413, "over " + MAX_BODY + " bytes", http.post("/predict", "text/csv", row.repeat(100 * MAX_BODY)));
        assertRefused(413, "over " + MAX_BODY + " bytes", http.postChunked("/predict", "text/csv", row.repeat(MAX_BODY)));
        assertRefused(405, "takes POST", http.get("/predict"));
        assertRefused(404, "no such endpoint", http.post("/predictions", "text/csv", row));
        assertRefused(405, "takes GET", http.post("/health", "text/csv", row));

        assertEquals(200, http.post("/predict", "text/csv", row).statusCode());
        assertEquals(200, http.postChunked("/predict", "text/csv", row.repeat(MAX_ROWS)).statusCode());
        String metrics = http.get("/metrics").body();
        assertTrue(metrics.contains("\"count\":16") && metrics.contains("\"ok\":2") && metrics.contains("\"refused\":14"), metrics);
    }

    @Test
    void aFailedReloadKeepsTheServedModel() throws IOException {
        service.reload(TestModels.classifier(dir, 5));
        Path broken = Files.write(dir.resolve("broken.safetensors"), new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> service.reload(broken));
        HttpResponse<String> response = http.post("/predict", "text/csv", "1,2,3,4,5");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().startsWith("{\"generation\":1,"), response.body());
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ServiceOptions.loopback(0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ServiceOptions.loopback(0, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ServiceOptions.loopback(0, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ServiceOptions.loopback(70_000, 1, 1, 1));
        ServiceOptions options = ServiceOptions.loopback(0, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> options.withConnections(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> options.withConnections(1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> options.withConnections(1, null));
    }

    private static void assertRefused(int status, String messagePart, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{\"status\":" + status + ",\"error\":\""), response.body());
        assertTrue(response.body().contains(messagePart), response.body());
        assertFalse(response.body().contains("\\n"), response.body());
    }

    private static byte[] bytes(HttpResponse<String> response) {
        return response.body().getBytes(StandardCharsets.UTF_8);
    }
}
