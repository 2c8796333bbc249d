package dev.vecnet.examples.serving;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile clients beside good ones, on the loopback interface: slow clients (a byte at a time, stalled
 * headers, a stalled body), silent connections, oversized, malformed, truncated and non-UTF-8 bodies, a
 * number of more than 1,000 digits and a field name of 50,000 characters. Every good request must be answered
 * exactly, {@code /health} must answer 200 throughout, every hostile request must get its status or have
 * its connection closed, and afterwards every predictor slot is free again.
 */
class HostileClientTest {
    private static final int SLOTS = 2;
    private static final int MAX_ROWS = 8;
    private static final int MAX_BODY = 64 << 10;
    private static final int CONNECTIONS = 16;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /** How long a test client waits for anything before it calls the service stuck: a guard against hanging. */
    private static final int STUCK_MILLIS = 20_000;
    /** A status for "the server closed the connection without an answer". */
    private static final int CLOSED = -1;
    private static final int GOOD_CLIENTS = 3;

    @TempDir
    Path dir;
    private PredictionService service;
    private RequestPlan plan;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    private void start(int connections, Duration readTimeout) throws IOException {
        service = PredictionService.start(ServiceOptions.loopback(0, SLOTS, MAX_ROWS, MAX_BODY)
                .withWarmUp(Duration.ofMillis(50), 100).withConnections(connections, readTimeout));
        Path model = TestModels.classifier(dir, 11);
        service.reload(model);
        plan = RequestPlan.make(model, List.of(1, 3, MAX_ROWS), MAX_ROWS, MAX_BODY, 5);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (service != null) {
            service.close();
        }
    }

    @Test
    void hostileClientsCostGoodClientsNothing() throws Exception {
        start(CONNECTIONS, READ_TIMEOUT);
        AtomicBoolean hostileDone = new AtomicBoolean();
        // The hostile clients start once every good client and the /health poller has had its first answer.
        CountDownLatch ready = new CountDownLatch(GOOD_CLIENTS + 1);
        List<Future<GoodClientResult>> good = new ArrayList<>();
        for (int c = 0; c < GOOD_CLIENTS; c++) {
            int first = c;
            good.add(pool.submit(() -> goodClient(first, ready, hostileDone)));
        }
        Future<List<String>> health = pool.submit(() -> pollHealth(ready, hostileDone));
        assertTrue(ready.await(STUCK_MILLIS, TimeUnit.MILLISECONDS), "the good clients got no first answer");

        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // Connected and saying nothing: holds no thread of the service.
            silent.add(new Socket(InetAddress.getLoopbackAddress(), service.port()));
        }
        List<Future<String>> hostile = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            hostile.add(pool.submit(() -> expect("one byte at a time", Set.of(CLOSED), oneByteAtATime())));
            hostile.add(pool.submit(() -> expect("stalled headers", Set.of(CLOSED),
                    stalled("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Ty"))));
            hostile.add(pool.submit(() -> expect("stalled body", Set.of(CLOSED), stalled(head("text/csv", 100) + "1,2,3"))));
            hostile.add(pool.submit(() -> expect("body over the limit", Set.of(413),
                    send(head("text/csv", 10 * MAX_BODY), "1,2,3,4,5\n".repeat(MAX_BODY).getBytes(StandardCharsets.US_ASCII)))));
            hostile.add(pool.submit(() -> expect("a 1,001-digit number", Set.of(400),
                    send("application/json", "{\"rows\": [[" + "9".repeat(1_001) + ", 1, 2, 3, 4]]}"))));
            hostile.add(pool.submit(() -> expect("a 50,000-character field name", Set.of(400),
                    send("application/json", "{\"" + "n".repeat(50_000) + "\": [[1, 2, 3, 4, 5]]}"))));
            hostile.add(pool.submit(() -> expect("malformed JSON", Set.of(400), send("application/json", "{\"rows\": [[1, 2,, 3]]}"))));
            hostile.add(pool.submit(() -> expect("nested 10,000 deep", Set.of(400),
                    send("application/json", "{\"rows\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}"))));
            hostile.add(pool.submit(() -> expect("truncated JSON", Set.of(400), send("application/json", "{\"rows\": [[1, 2, 3"))));
            hostile.add(pool.submit(() -> expect("not UTF-8", Set.of(400), send(head("application/json", 8),
                    new byte[] {0, 0, 0, (byte) 0xff, (byte) 0xfe, 0, 0, 0x7f}))));
            hostile.add(pool.submit(() -> expect("a body shorter than its length", Set.of(400, CLOSED),
                    sendAndHalfClose(head("text/csv", 100) + "1,2,3,4,5\n"))));
        }
        List<String> problems = new ArrayList<>();
        for (Future<String> h : hostile) {
            String problem = h.get(STUCK_MILLIS * 2L, TimeUnit.MILLISECONDS);
            if (problem != null) {
                problems.add(problem);
            }
        }
        hostileDone.set(true);
        int answered = 0;
        for (Future<GoodClientResult> g : good) {
            GoodClientResult result = g.get(STUCK_MILLIS * 2L, TimeUnit.MILLISECONDS);
            answered += result.answered();
            problems.addAll(result.problems());
        }
        problems.addAll(health.get(STUCK_MILLIS * 2L, TimeUnit.MILLISECONDS));
        for (Socket s : silent) {
            s.close();
        }
        assertEquals(List.of(), problems);
        assertTrue(answered > 0, "the good clients sent nothing");
        assertEquals(SLOTS, service.freeSlots(), "predictor slots lost");
    }

    @Test
    void aRequestBeyondTheConnectionBoundIsClosedAndTheServiceRecovers() throws Exception {
        // Two connection threads and two waiting places, and a timeout that does not pass during the test.
        start(2, Duration.ofSeconds(120));
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Socket socket = connect();
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
            stalled.add(socket);
        }
        // Exactly one of the five finds no thread and no waiting place: its connection is closed unanswered.
        Socket closed = null;
        for (int probe = 0; probe < 1_000 && closed == null; probe++) {
            Socket socket = stalled.get(probe % stalled.size());
            if (isClosed(socket)) {
                closed = socket;
            }
        }
        assertTrue(closed != null, "no connection beyond the bound was closed");
        for (Socket socket : stalled) {
            if (socket != closed) {
                assertTrue(!isClosed(socket), "a connection within the bound was closed");
            }
        }
        // Once the stalled clients go away, their threads are free again.
        for (Socket socket : stalled) {
            socket.close();
        }
        assertEquals(200, new Http(service.uri()).get("/health").statusCode());
    }

    /** Whether the server closed {@code socket}; waits at most 20 ms for it to say so. */
    private static boolean isClosed(Socket socket) throws IOException {
        socket.setSoTimeout(20);
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private record GoodClientResult(int answered, List<String> problems) {
    }

    /** Good requests, one at a time on one kept-alive connection, until the hostile clients are done. */
    private GoodClientResult goodClient(int first, CountDownLatch ready, AtomicBoolean hostileDone) {
        Http http = new Http(service.uri());
        List<String> problems = new ArrayList<>();
        int answered = 0;
        // Bounded, and at least a few requests after the hostile clients are done.
        for (int i = first; i < 100_000 && !(hostileDone.get() && answered >= 5); i += GOOD_CLIENTS) {
            PlannedRequest request = plan.good.get(i % plan.good.size());
            try {
                HttpResponse<String> response = http.post("/predict", request.contentType(),
                        new String(request.body(), StandardCharsets.UTF_8));
                String problem = ResponseCheck.problem(request, response.statusCode(),
                        response.body().getBytes(StandardCharsets.UTF_8));
                if (problem != null) {
                    problems.add(problem);
                }
                answered++;
            } catch (UncheckedIOException e) {
                problems.add("good request " + i + " lost: " + e.getCause());
            }
            ready.countDown();
        }
        return new GoodClientResult(answered, problems);
    }

    /** {@code GET /health} every 50 ms until the hostile clients are done; what was not a 200. */
    private List<String> pollHealth(CountDownLatch ready, AtomicBoolean hostileDone) throws InterruptedException {
        HttpClient client = LoadLevel.newClient();
        HttpRequest request = HttpRequest.newBuilder(service.uri().resolve("/health"))
                .timeout(Duration.ofMillis(STUCK_MILLIS)).GET().build();
        List<String> problems = new ArrayList<>();
        int polls = 0;
        while ((polls == 0 || !hostileDone.get()) && polls < 10_000) {
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 200) {
                    problems.add("/health answered " + status);
                }
            } catch (IOException e) {
                problems.add("/health did not answer: " + e);
            }
            polls++;
            ready.countDown();
            Thread.sleep(50);
        }
        return problems;
    }

    private static String expect(String name, Set<Integer> allowed, int status) {
        return allowed.contains(status) ? null : name + ": " + (status == CLOSED ? "closed" : "status " + status)
                + ", expected one of " + allowed + " (" + CLOSED + " = closed)";
    }

    private static String head(String contentType, int length) {
        return "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + length + "\r\n\r\n";
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.port());
        socket.setSoTimeout(STUCK_MILLIS);
        return socket;
    }

    /** A whole request with a JSON or CSV body; the status of the answer, or {@link #CLOSED}. */
    private int send(String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(head(contentType, bytes.length), bytes);
    }

    private int send(String head, byte[] body) throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            Future<Integer> status = pool.submit(() -> statusOf(socket.getInputStream()));
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // The server may answer (413) and close before the client is done sending.
            }
            return status.get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IOException(e);
        }
    }

    /** Sends {@code request} and ends the client's side of the connection. */
    private int sendAndHalfClose(String request) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            return statusOf(socket.getInputStream());
        }
    }

    /** Sends {@code start} and then nothing: the server must close the connection after its read timeout. */
    private int stalled(String start) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
            return statusOf(socket.getInputStream());
        }
    }

    /** A good request, one byte every 250 ms: far slower than the read timeout allows. */
    private int oneByteAtATime() throws IOException, InterruptedException {
        byte[] request = (head("text/csv", 10) + "1,2,3,4,5\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            for (byte b : request) {
                try {
                    out.write(b);
                    out.flush();
                } catch (IOException e) {
                    return CLOSED;
                }
                if (socket.getInputStream().available() > 0) {
                    break;
                }
                Thread.sleep(250);
            }
            return statusOf(socket.getInputStream());
        }
    }

    /** The status of the answer on {@code in}, or {@link #CLOSED} when the server closed it first. */
    private static int statusOf(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b >= 0 && b != '\n' && line.size() < 200; b = in.read()) {
                line.write(b);
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new IOException("the service neither answered nor closed in " + STUCK_MILLIS + " ms", e);
        } catch (IOException e) {
            // Reset by the server.
            return CLOSED;
        }
        String status = line.toString(StandardCharsets.US_ASCII);
        if (status.isEmpty()) {
            return CLOSED;
        }
        assertTrue(status.startsWith("HTTP/1.1 "), status);
        return Integer.parseInt(status.substring(9, 12));
    }
}
