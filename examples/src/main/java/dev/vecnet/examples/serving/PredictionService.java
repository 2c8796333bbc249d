package dev.vecnet.examples.serving;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP prediction service for one vecnet model file, on the JDK's built-in server
 * ({@code com.sun.net.httpserver}):
 * <ul>
 *   <li>{@code POST /predict}: rows as {@code text/csv} (one example per line, features only) or
 *       {@code application/json} ({@code {"rows": [[...], ...]}}), raw as the training data was (the model
 *       file's preprocessing is applied); answers {@code {"generation": g, "classes": [...],
 *       "probabilities": [[...], ...]}} ({@code "scores"} for a model whose loss gives no probabilities).
 *       Refusals are 4xx with {@code {"status": s, "error": "one line"}}: 400 malformed rows, numbers or
 *       JSON, a wrong feature count, an empty body, NaN or infinite values; 413 a body or row count over the
 *       limit; 415 another content type; 503 before a model is loaded. Any other failure of the service
 *       is a 500 with the same body. A request that does not arrive within
 *       {@link ServiceOptions#readTimeout()} has its connection closed unanswered.</li>
 *   <li>{@code GET /health}: 200 once a model is loaded and warmed up, 503 before.</li>
 *   <li>{@code GET /metrics}: the server-side latency of {@code /predict} (count, p50, p90, p99, p99.9,
 *       max in microseconds) and its answered, refused and failed counts.</li>
 * </ul>
 *
 * <p>Threads and allocation: {@link ServiceOptions#maxConnections()} named daemon connection threads
 * ({@code vecnet-serving-N}, {@link ConnectionExecutor}) read and answer the requests, each request within
 * {@link ServiceOptions#readTimeout()} or its connection is closed; a request takes one of
 * {@link ServiceOptions#threads()} predictor slots for its parsing and prediction ({@link SlotPool}), each
 * one {@link dev.vecnet.nn.Predictor} and input and output buffers of {@link ServiceOptions#maxRows()}
 * rows over the one shared network, so predicting allocates nothing inside vecnet (the HTTP layer and JSON
 * do allocate). Whatever a handler throws, but a {@link VirtualMachineError}, is answered (500) and costs
 * neither a thread nor a slot.
 *
 * <p>Reload: {@link #reload(Path)} is a Java method and not an endpoint: an HTTP endpoint that reads files
 * would need authentication, which belongs to the embedding application. It loads and warms the new model
 * on the caller's thread while the old one keeps serving, then swaps an immutable reference; a request in
 * flight finishes on the model it started with.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class PredictionService implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService connections;
    private final ModelHolder models;
    private final SlotPool slots;
    private final CompletableFuture<Instant> firstAnswer = new CompletableFuture<>();

    private PredictionService(HttpServer server, ExecutorService connections, ModelHolder models, SlotPool slots) {
        this.server = server;
        this.connections = connections;
        this.models = models;
        this.slots = slots;
    }

    /**
     * Binds the server and starts serving without a model: {@code /health} and {@code /predict} answer 503
     * until the first {@link #reload(Path)} returns. Allocates no predictor slot yet (the slots come
     * with each model).
     *
     * @param options where to listen and what to accept
     * @return the running service; {@link #close()} stops it
     * @throws IOException when the address cannot be bound (for example, the port is taken)
     */
    public static PredictionService start(ServiceOptions options) throws IOException {
        disableNagle();
        ModelHolder models = new ModelHolder(options.threads(), options.maxRows(), options.warmUpBudget(), options.warmUpPasses());
        HttpServer server = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 0);
        ExecutorService connections = new ConnectionExecutor(options.maxConnections(), options.readTimeout());
        SlotPool slots = new SlotPool(options.threads());
        PredictionService service = new PredictionService(server, connections, models, slots);
        PredictMetrics metrics = new PredictMetrics();
        server.createContext("/predict", new PredictHandler(models, slots, options, metrics, service.firstAnswer));
        server.createContext("/health", StatusHandlers.health(models));
        server.createContext("/metrics", StatusHandlers.metrics(metrics));
        server.setExecutor(connections);
        server.start();
        return service;
    }

    /**
     * Sets {@value #NODELAY} to true unless the command line set it. The JDK server writes a response's
     * headers and body in two writes; with Nagle's algorithm on, the body then waits for the client's
     * delayed ACK of the headers, about 40 ms on Linux, on every keep-alive request. The property is read
     * once, when the JDK's server classes initialise, so it takes effect only if no server was created
     * before in this JVM; {@link #main} sets it first.
     */
    private static void disableNagle() {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    /** The JDK server's switch for TCP_NODELAY on accepted connections (off by default). */
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    /**
     * Loads {@code modelFile} ({@link dev.vecnet.format.ModelFile#load}), creates every slot's predictor
     * and buffers, warms the inference path up, and then makes it the served model in one atomic step.
     * Runs on the calling thread; requests keep being answered by the previous model meanwhile. Reloads are
     * serialised. The first call makes the service ready.
     *
     * @param modelFile a vecnet model file
     * @return the new model's generation and what loading and warming it up took
     * @throws IOException when the file cannot be read or is not a valid model file
     *                     ({@link dev.vecnet.format.ModelFormatException}); the previous model then keeps serving
     */
    public ModelSwap reload(Path modelFile) throws IOException {
        return models.reload(modelFile);
    }

    /**
     * The port the server listens on (the chosen one when the options asked for port 0).
     *
     * @return the bound TCP port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The service's base address, such as {@code http://127.0.0.1:8080/}.
     *
     * @return the URI of the server's root
     */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/");
    }

    /**
     * Completes with the time the first {@code 200} answer to {@code /predict} was sent.
     *
     * @return a future completed once, by a connection thread
     */
    public CompletableFuture<Instant> firstPrediction() {
        return firstAnswer;
    }

    /** How many predictor slots are free now: all of them whenever no request is being predicted. */
    int freeSlots() {
        return slots.free();
    }

    /**
     * Stops accepting connections, gives requests in flight up to one second to finish, and stops the
     * connection threads.
     */
    @Override
    public void close() {
        server.stop(1);
        connections.shutdown();
        try {
            connections.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the service until the JVM is stopped. Arguments: model file, port (0 = any free one), predictor
     * slots, max rows per request, max body bytes. Listens on the loopback interface. Prints the address,
     * how long the model took to load and to warm up, and, once the first prediction is answered, the time
     * from JVM start to that answer.
     *
     * @param args {@code MODEL PORT THREADS MAX_ROWS MAX_BODY_BYTES}
     * @throws Exception when the arguments are wrong, the port cannot be bound or the model cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: PredictionService MODEL PORT THREADS MAX_ROWS MAX_BODY_BYTES");
            System.exit(2);
        }
        disableNagle();
        // The JVM's own record of its start, in milliseconds; the process start time from /proc is derived from
        // the boot time, which Linux gives in whole seconds, so it can be off by up to a second.
        Instant jvmStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        ServiceOptions options = ServiceOptions.loopback(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        PredictionService service = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "vecnet-serving-shutdown"));
        print("listening on %s (threads %d, max rows %d, max body %d bytes) %d ms after JVM start; /health is 503 until warmed up",
                service.uri(), options.threads(), options.maxRows(), options.maxBodyBytes(),
                Duration.between(jvmStart, Instant.now()).toMillis());
        service.firstPrediction().thenAccept(at ->
                print("first prediction answered %d ms after JVM start", Duration.between(jvmStart, at).toMillis()));
        ModelSwap swap = service.reload(Path.of(args[0]));
        ServingModel model = service.models.current();
        print("model %s (generation %d, %d -> %d, %s) loaded in %d ms, warmed up in %d ms (%d passes, %s); ready %d ms after JVM start",
                swap.file(), swap.generation(), model.inputSize(), model.outputSize(), model.output.key(),
                swap.loadTime().toMillis(), swap.warmUpTime().toMillis(), swap.warmUpPasses(),
                swap.warmedUp() ? "allocation-free" : "NOT allocation-free yet: the budget ran out",
                Duration.between(jvmStart, Instant.now()).toMillis());
        new CountDownLatch(1).await();
    }

    private static void print(String format, Object... values) {
        System.out.println("vecnet-serving: " + String.format(Locale.ROOT, format, values));
    }
}
