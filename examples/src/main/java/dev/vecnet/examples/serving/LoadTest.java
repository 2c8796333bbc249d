package dev.vecnet.examples.serving;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFile;
import dev.vecnet.nn.InferenceContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A bounded load test of a {@link PredictionService}: starts one in-process on an ephemeral loopback port
 * (or targets a given one), then runs each concurrency level in turn ({@link LevelResult}) with a bounded
 * number of requests and a time limit, and stops by itself. Every answer is checked: a good request's classes
 * and probabilities must equal, bit for bit after the JSON round trip, those of a separate single-threaded
 * {@link dev.vecnet.nn.Predictor} on the same rows; the malformed, oversized and non-finite requests
 * interleaved with them must get their 4xx and a one-line JSON message. Reports throughput (requests/s,
 * rows/s) and client-side latency percentiles per level, and the service's own {@code /metrics}.
 *
 * <p>It sends traffic only to the service it started or the target given; use a loopback target.
 */
public final class LoadTest {
    private LoadTest() {
    }

    /**
     * Runs the load test.
     *
     * @param options what to run
     * @return the measurements and the problems found
     * @throws IOException          when the model cannot be written or read, the service cannot start, or its
     *                              first request or {@code /metrics} gets no answer
     * @throws InterruptedException when interrupted while the clients run
     */
    public static LoadTestReport run(LoadTestOptions options) throws IOException, InterruptedException {
        Path temporary = options.model() == null ? Files.createTempFile("vecnet-load-test-", ".safetensors") : null;
        Path model = temporary == null ? options.model() : ExampleModel.write(temporary, options.seed());
        PredictionService service = null;
        try {
            URI target = options.target();
            if (target == null) {
                service = PredictionService.start(ServiceOptions.loopback(0, options.serviceThreads(), options.maxRows(),
                        options.maxBodyBytes()).withWarmUp(options.warmUpBudget(), InferenceContext.DEFAULT_WARM_UP_PASSES));
                service.reload(model);
                target = service.uri();
            }
            RequestPlan plan = RequestPlan.make(model, options.sizeMix(), options.maxRows(), options.maxBodyBytes(), options.seed());
            URI predict = target.resolve("/predict");
            long firstUs = firstRequest(predict, plan);
            List<LevelResult> levels = new ArrayList<>();
            for (int clients : options.clients()) {
                levels.add(LoadLevel.run(predict, plan, clients, options.requests(), options.timeLimit(), options.badEvery()));
            }
            return new LoadTestReport(firstUs, levels, get(target.resolve("/metrics")));
        } finally {
            if (service != null) {
                service.close();
            }
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /** Sends the pool's first 1-row request (or its first) alone and returns its latency in microseconds. */
    private static long firstRequest(URI predict, RequestPlan plan) throws IOException, InterruptedException {
        PlannedRequest request = plan.good.stream().filter(r -> r.rows() == 1).findFirst().orElse(plan.good.get(0));
        HttpClient http = LoadLevel.newClient();
        long t = System.nanoTime();
        HttpResponse<byte[]> response = http.send(LoadLevel.post(predict, request), HttpResponse.BodyHandlers.ofByteArray());
        long us = (System.nanoTime() - t) / 1_000;
        String problem = ResponseCheck.problem(request, response.statusCode(), response.body());
        if (problem != null) {
            throw new IOException("the first request was answered wrongly: " + problem);
        }
        return us;
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = LoadLevel.newClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /**
     * Runs the load test and prints its report; exits with status 1 when an answer was wrong or missing.
     * Options (each optional, defaults from {@link LoadTestOptions#defaults()}): {@code --url URI} with
     * {@code --model FILE}, {@code --clients 1,2,8}, {@code --requests N}, {@code --seconds S},
     * {@code --mix 1,1,1,32}, {@code --bad-every N}, {@code --threads N}, {@code --max-rows N},
     * {@code --max-body-bytes N}, {@code --seed N}.
     *
     * @param args the options
     * @throws Exception when the options are wrong or the test cannot run
     */
    public static void main(String[] args) throws Exception {
        LoadTestOptions options = parse(args);
        LoadTestReport report = run(options);
        print(options, report);
        if (!report.allCorrect()) {
            System.exit(1);
        }
    }

    static LoadTestOptions parse(String[] args) {
        LoadTestOptions d = LoadTestOptions.defaults();
        URI target = d.target();
        Path model = d.model();
        List<Integer> clients = d.clients();
        int requests = d.requests();
        Duration timeLimit = d.timeLimit();
        List<Integer> mix = d.sizeMix();
        int badEvery = d.badEvery();
        int threads = d.serviceThreads();
        int maxRows = d.maxRows();
        int maxBodyBytes = d.maxBodyBytes();
        long seed = d.seed();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--url" -> target = URI.create(value);
                case "--model" -> model = Path.of(value);
                case "--clients" -> clients = integers(value);
                case "--requests" -> requests = Integer.parseInt(value);
                case "--seconds" -> timeLimit = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                case "--mix" -> mix = integers(value);
                case "--bad-every" -> badEvery = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--max-rows" -> maxRows = Integer.parseInt(value);
                case "--max-body-bytes" -> maxBodyBytes = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new LoadTestOptions(target, model, clients, requests, timeLimit, mix, badEvery, threads, maxRows,
                maxBodyBytes, d.warmUpBudget(), seed);
    }

    private static String percentiles(LatencySummary s) {
        return String.format(Locale.ROOT, "%7d %7d %7d %8d %7d", s.p50Us(), s.p90Us(), s.p99Us(), s.p999Us(), s.maxUs());
    }

    private static List<Integer> integers(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }

    private static void print(LoadTestOptions o, LoadTestReport report) throws IOException {
        String where = o.target() == null ? "an in-process service (" + o.serviceThreads() + " predictor slots)" : o.target().toString();
        String model = o.model() == null ? "the default 784-256-128-10 model" : o.model().toString();
        if (o.model() != null) {
            LoadedModel loaded = ModelFile.load(o.model());
            model += " (" + loaded.network().inputSize() + " -> " + loaded.network().outputSize() + ")";
        }
        System.out.printf(Locale.ROOT, "load test of %s serving %s%n", where, model);
        System.out.printf(Locale.ROOT, "JDK %s, %d CPUs; rows per good request %s in turn; every %s request refused; "
                        + "%d requests or %d s per level%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                o.sizeMix(), o.badEvery() == 0 ? "no" : o.badEvery() + "th", o.requests(), o.timeLimit().toSeconds());
        System.out.printf(Locale.ROOT, "first request (1 row, after warm-up): %d us%n", report.firstRequestUs());
        System.out.printf(Locale.ROOT, "%7s %7s %5s %7s %8s %9s  %-8s %7s %7s %7s %8s %7s %5s %6s%n", "clients", "good", "bad",
                "seconds", "req/s", "rows/s", "latency", "p50_us", "p90_us", "p99_us", "p999_us", "max_us", "wrong", "failed");
        for (LevelResult l : report.levels()) {
            System.out.printf(Locale.ROOT, "%7d %7d %5d %7.2f %8.0f %9.0f  %-8s %s %5d %6d%n", l.clients(), l.good(), l.bad(),
                    l.seconds(), l.requestsPerSecond(), l.rowsPerSecond(), "all", percentiles(l.latency()), l.wrong(), l.failures());
            l.latencyByRows().forEach((rows, s) -> System.out.printf(Locale.ROOT, "%51s  %-8s %s%n", "",
                    rows + (rows == 1 ? " row" : " rows"), percentiles(s)));
            l.problems().forEach(p -> System.out.println("  " + p));
        }
        System.out.println("server /metrics: " + report.serverMetrics());
        System.out.println(report.allCorrect() ? "every answer was exactly right" : "SOME ANSWERS WERE WRONG OR MISSING");
    }
}
