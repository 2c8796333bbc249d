package dev.vecnet.examples.serving;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One concurrency level of the load test: {@code clients} threads, each with its own {@link HttpClient}
 * (HTTP/1.1, so one kept-alive connection per client), take request numbers from one shared counter until
 * {@code requests} are taken or the time limit has passed, send them one at a time and check each answer
 * ({@link ResponseCheck}). Request {@code i} is a refusal when {@code i % badEvery == badEvery - 1}, else a
 * good request of the plan's pool.
 */
final class LoadLevel {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int PROBLEMS_KEPT = 10;

    private final URI predict;
    private final RequestPlan plan;
    private final int badEvery;
    private final AtomicLong next = new AtomicLong();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final Map<Integer, LatencyHistogram> latencyByRows = new TreeMap<>();
    private final LongAdder good = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder bad = new LongAdder();
    private final LongAdder wrong = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();

    private LoadLevel(URI predict, RequestPlan plan, int badEvery) {
        this.predict = predict;
        this.plan = plan;
        this.badEvery = badEvery;
        // Filled before the clients start, read-only while they run.
        plan.good.forEach(r -> latencyByRows.computeIfAbsent(r.rows(), rows -> new LatencyHistogram()));
    }

    static LevelResult run(URI predict, RequestPlan plan, int clients, int requests, Duration timeLimit, int badEvery)
            throws InterruptedException {
        LoadLevel level = new LoadLevel(predict, plan, badEvery);
        long start = System.nanoTime();
        long deadline = start + timeLimit.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> level.client(requests, deadline), "load-client-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> problems = level.problems.stream().limit(PROBLEMS_KEPT).toList();
        Map<Integer, LatencySummary> byRows = new TreeMap<>();
        level.latencyByRows.forEach((rows, histogram) -> byRows.put(rows, histogram.summary()));
        return new LevelResult(clients, level.good.sum(), level.rows.sum(), level.bad.sum(), seconds,
                level.latency.summary(), Collections.unmodifiableMap(byRows), level.wrong.sum(), level.failures.sum(), problems);
    }

    /** The request numbered {@code i}. */
    PlannedRequest request(long i) {
        if (badEvery > 0 && i % badEvery == badEvery - 1) {
            return plan.bad.get((int) (i / badEvery % plan.bad.size()));
        }
        return plan.good.get((int) (i % plan.good.size()));
    }

    private void client(int requests, long deadline) {
        HttpClient http = newClient();
        for (long i = next.getAndIncrement(); i < requests && System.nanoTime() - deadline < 0; i = next.getAndIncrement()) {
            PlannedRequest request = request(i);
            try {
                long t = System.nanoTime();
                HttpResponse<byte[]> response = http.send(post(predict, request), HttpResponse.BodyHandlers.ofByteArray());
                long nanos = System.nanoTime() - t;
                if (request.good()) {
                    latency.record(nanos);
                    latencyByRows.get(request.rows()).record(nanos);
                    good.increment();
                    rows.add(request.rows());
                } else {
                    bad.increment();
                }
                String problem = ResponseCheck.problem(request, response.statusCode(), response.body());
                if (problem != null) {
                    wrong.increment();
                    problems.add("request " + i + ": " + problem);
                }
            } catch (IOException e) {
                failures.increment();
                problems.add("request " + i + " (" + request.name() + "): no answer: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST_TIMEOUT).build();
    }

    static HttpRequest post(URI predict, PlannedRequest request) {
        return HttpRequest.newBuilder(predict)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", request.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()))
                .build();
    }
}
