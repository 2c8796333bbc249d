package dev.vecnet.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The trials of a search sorted best first by the validation metric (ties by index), failed trials last
 * in index order. Immutable and thread-safe.
 */
public final class SearchResults {
    private final List<TrialResult> sorted;
    private final List<String> names;
    private final boolean maximize;

    /**
     * Sorts the trials: successful ones best first, then the failed ones, ties by index.
     *
     * @param trials   the results in any order
     * @param names    the hyperparameter names, the CSV columns
     * @param maximize whether a larger metric is better
     */
    public SearchResults(List<TrialResult> trials, List<String> names, boolean maximize) {
        Comparator<TrialResult> order = Comparator.comparing((TrialResult r) -> !r.succeeded())
                .thenComparing((a, b) -> !a.succeeded() || !b.succeeded() ? 0
                        : maximize ? Double.compare(b.metric(), a.metric()) : Double.compare(a.metric(), b.metric()))
                .thenComparingInt(TrialResult::index);
        List<TrialResult> copy = new ArrayList<>(trials);
        copy.sort(order);
        this.sorted = List.copyOf(copy);
        this.names = List.copyOf(names);
        this.maximize = maximize;
    }

    /**
     * All trials, best first, failed last.
     *
     * @return an unmodifiable list of all trials, best first, failed last
     */
    public List<TrialResult> trials() {
        return sorted;
    }

    /**
     * The successful trials, best first.
     *
     * @return an unmodifiable list of the successful trials, best first
     */
    public List<TrialResult> succeeded() {
        return sorted.stream().filter(TrialResult::succeeded).toList();
    }

    /**
     * The failed trials, by index.
     *
     * @return an unmodifiable list of the failed trials, by index
     */
    public List<TrialResult> failed() {
        return sorted.stream().filter(r -> !r.succeeded()).toList();
    }

    /**
     * The best successful trial.
     *
     * @return the successful trial with the best metric (the first of {@link #trials()})
     * @throws IllegalStateException when every trial failed
     */
    public TrialResult best() {
        if (sorted.isEmpty() || !sorted.get(0).succeeded()) {
            throw new IllegalStateException("no trial succeeded");
        }
        return sorted.get(0);
    }

    /**
     * Whether a larger metric is better.
     *
     * @return true if a larger metric is better, false if a smaller one is
     */
    public boolean maximize() {
        return maximize;
    }

    /**
     * The table as CSV: a header {@code rank,index,<names...>,metric,status,seed,millis}, then one row per
     * trial in {@link #trials()} order; status is {@code ok} or {@code failed: <reason>} (quoted).
     *
     * @return the CSV text, one line per trial after the header
     */
    public String toCsv() {
        StringBuilder out = new StringBuilder("rank,index");
        for (String name : names) {
            out.append(',').append(quote(name));
        }
        out.append(",metric,status,seed,millis\n");
        int rank = 1;
        for (TrialResult r : sorted) {
            out.append(r.succeeded() ? String.valueOf(rank++) : "").append(',').append(r.index());
            for (String name : names) {
                out.append(',').append(quote(String.valueOf(r.configuration().values().get(name))));
            }
            out.append(',').append(r.succeeded() ? String.valueOf(r.metric()) : "")
                    .append(',').append(r.succeeded() ? "ok" : quote("failed: " + r.failure()))
                    .append(',').append(r.seed()).append(',').append(r.millis()).append('\n');
        }
        return out.toString();
    }

    /**
     * Writes {@link #toCsv()} to {@code file} in UTF-8.
     *
     * @param file the file to create or replace
     * @throws IOException if the file cannot be written
     */
    public void writeCsv(Path file) throws IOException {
        Files.writeString(file, toCsv(), StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"").replace('\n', ' ') + '"';
    }
}
