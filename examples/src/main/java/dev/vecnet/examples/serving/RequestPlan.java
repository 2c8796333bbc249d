package dev.vecnet.examples.serving;

import dev.vecnet.format.ModelFile;
import dev.vecnet.nn.Predictor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The load test's requests, made before any client starts so that the clients only send and compare: a
 * pool of good requests in the configured mix of sizes, alternately CSV and JSON, with random raw rows in
 * [-1, 1); their expected answers from a separate {@link Predictor} of the same model file, run on this
 * one thread ({@code predictProbabilities} and {@code classify} on the same rows); and one request of each
 * kind the service must refuse.
 */
final class RequestPlan {
    /** Distinct good requests; request {@code i} sends {@code good.get(i % size)}. */
    private static final int POOL = 64;

    final List<PlannedRequest> good;
    final List<PlannedRequest> bad;

    private RequestPlan(List<PlannedRequest> good, List<PlannedRequest> bad) {
        this.good = good;
        this.bad = bad;
    }

    static RequestPlan make(Path modelFile, List<Integer> sizeMix, int maxRows, int maxBodyBytes, long seed) throws IOException {
        Predictor reference = ModelFile.load(modelFile).predictor(maxRows);
        int features = reference.network().inputSize();
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            sizes.add(sizeMix.get(i % sizeMix.size()));
        }
        Collections.shuffle(sizes, new Random(seed));
        List<PlannedRequest> good = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            int rows = sizes.get(i);
            if (rows > maxRows) {
                throw new IllegalArgumentException("the mix has requests of " + rows + " rows, over the service's " + maxRows);
            }
            float[] x = randomRows(random, rows, features);
            good.add(goodRequest(reference, x, rows, i % 2 == 0));
        }
        return new RequestPlan(List.copyOf(good), badRequests(random, features, maxRows, maxBodyBytes));
    }

    /** The request of {@code rows} rows {@code x} and its expected answer from {@code reference}. */
    static PlannedRequest goodRequest(Predictor reference, float[] x, int rows, boolean csv) {
        int features = reference.network().inputSize();
        float[] outputs = new float[rows * reference.network().outputSize()];
        int[] classes = new int[rows];
        reference.predictProbabilities(x, 0, rows, outputs, 0);
        reference.classify(x, 0, rows, classes, 0);
        String body = csv ? csv(x, rows, features) : json(x, rows, features);
        return new PlannedRequest(rows + (rows == 1 ? " row " : " rows ") + (csv ? "csv" : "json"),
                csv ? "text/csv" : "application/json", bytes(body), rows, 200, classes, outputs, null);
    }

    private static List<PlannedRequest> badRequests(SplittableRandom random, int features, int maxRows, int maxBodyBytes) {
        float[] row = randomRows(random, 1, features);
        String line = csv(row, 1, features);
        String shortLine = line.substring(line.indexOf(',') + 1);
        List<PlannedRequest> bad = new ArrayList<>();
        bad.add(refusal("bad number", "text/csv", line.replaceFirst("^[^,]*", "abc"), 400, "is not a decimal number"));
        bad.add(refusal("short row", "text/csv", shortLine, 400, "has " + (features - 1) + " values"));
        bad.add(refusal("long json row", "application/json", "{\"rows\": [[" + line.strip() + ",1]]}", 400,
                "has " + (features + 1) + " values"));
        bad.add(refusal("NaN value", "text/csv", line.replaceFirst("^[^,]*", "NaN"), 400, "finite"));
        bad.add(refusal("overflowing value", "application/json", "{\"rows\": [[" + line.strip().replaceFirst("^[^,]*", "1e39") + "]]}",
                400, "finite"));
        bad.add(refusal("truncated json", "application/json", "{\"rows\": [[" + line.strip(), 400, "malformed JSON"));
        bad.add(refusal("empty body", "text/csv", "", 400, "empty"));
        bad.add(refusal("wrong content type", "text/plain", line, 415, "not supported"));
        String tooManyRows = line.repeat(maxRows + 1);
        if (tooManyRows.length() > maxBodyBytes) {
            throw new IllegalArgumentException("max body bytes " + maxBodyBytes + " is too small to test the row limit: "
                    + (maxRows + 1) + " rows take " + tooManyRows.length() + " bytes");
        }
        bad.add(refusal("too many rows", "text/csv", tooManyRows, 413, "rows"));
        bad.add(refusal("body over the limit", "text/csv", " ".repeat(maxBodyBytes + 1), 413, "bytes"));
        return List.copyOf(bad);
    }

    private static PlannedRequest refusal(String name, String contentType, String body, int status, String messagePart) {
        return new PlannedRequest(name, contentType, bytes(body), 0, status, null, null, messagePart);
    }

    private static float[] randomRows(SplittableRandom random, int rows, int features) {
        float[] x = new float[rows * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }

    /** One line per row, each float as {@link Float#toString} writes it (which reads back to the same bits). */
    static String csv(float[] x, int rows, int features) {
        StringBuilder s = new StringBuilder(rows * features * 12);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < features; j++) {
                s.append(j == 0 ? "" : ",").append(x[r * features + j]);
            }
            s.append('\n');
        }
        return s.toString();
    }

    static String json(float[] x, int rows, int features) {
        StringBuilder s = new StringBuilder(rows * features * 12 + 16).append("{\"rows\": [");
        for (int r = 0; r < rows; r++) {
            s.append(r == 0 ? "[" : ", [");
            for (int j = 0; j < features; j++) {
                s.append(j == 0 ? "" : ",").append(x[r * features + j]);
            }
            s.append(']');
        }
        return s.append("]}").toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
