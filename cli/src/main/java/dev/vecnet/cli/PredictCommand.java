package dev.vecnet.cli;

import dev.vecnet.data.InFlightFiles;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.InferenceContext;
import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vecnet predict}: reads examples from a CSV file (see {@link FeatureCsv} for the header rule),
 * standardises them with the statistics stored in the model file, and writes one CSV row per example: the
 * predicted class, then one column per class (probabilities for softmax models, raw scores otherwise), with
 * 6 significant digits ({@link ScoreFormat}). Reads, runs and writes {@code --batch-size} rows at a time, so memory
 * does not grow with the input; the output appears, atomically, when every row is written. Not thread-safe; one
 * call per instance.
 */
@Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Predict the class and class probabilities of every row of a CSV file.",
        footer = {"", "Input: one example per line, the model's number of features, comma-separated, as in the "
                + "training data (the model file holds the standardisation and applies it). A first line with any "
                + "non-numeric field is a header and is skipped; the label column (--label, by default a header "
                + "column named 'label') is ignored. An input without examples is an error.",
                "", "Output: a header row, then per input row the predicted class and one column per class: "
                + "predicted,p0,p1,... with probabilities summing to 1 (softmax models) or predicted,score0,score1,... "
                + "with raw scores (hinge models), 6 significant digits."})
final class PredictCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;

    @Option(names = "--input", paramLabel = "CSV", required = true, description = "Examples to classify.")
    Path input;

    @Option(names = "--output", paramLabel = "CSV", required = true,
            description = "Where to write the predictions (created or replaced).")
    Path outputFile;

    @Option(names = "--label", paramLabel = "NAME|INDEX",
            description = "A label column of the input to ignore: its header name, or its number counting from 1. "
                    + "Default: a header column named 'label', if any.")
    String label;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256",
            description = "Rows run through the network at a time (more uses more memory, from 1 to "
                    + MAX_BATCH + "). Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Mixin
    ThreadsOption threads;

    /** The largest --batch-size. */
    static final int MAX_BATCH = 65_536;
    /** Characters buffered before each write to the output file. */
    private static final int FLUSH_CHARS = 1 << 16;

    private final Output output;

    /** A command writing its summary to {@code output}. */
    PredictCommand(Output output) {
        this.output = output;
    }

    @Override
    public Integer call() {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new UsageException("--batch-size must be from 1 to " + MAX_BATCH + ", was " + batchSize);
        }
        threads.value();
        StoredModel stored = model.load();
        Network net = stored.network();
        long rows;
        try (FeatureCsv examples = FeatureCsv.open(input, net.inputSize(), label);
             WorkerTeam team = threads.start()) {
            float[] x = new float[Math.multiplyExact(batchSize, net.inputSize())];
            // The first batch is read before the output is created: an input without examples writes nothing.
            int first = examples.read(x, batchSize);
            writeAtomically(first, x, stored, examples, team);
            rows = examples.rows();
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + input + ": " + DataSource.reason(e), e);
        }
        output.out().printf(Locale.ROOT, "predicted %d rows with %s; wrote %s%n", rows, model.file(), outputFile);
        output.out().flush();
        return 0;
    }

    /**
     * Writes the predictions into a temporary file beside {@code --output}, renamed over it at the end, so that a
     * malformed row far into the input leaves no partial output (and an old output as it was).
     */
    private void writeAtomically(int first, float[] x, StoredModel stored, FeatureCsv examples, WorkerTeam team) {
        Path target = outputFile.toAbsolutePath();
        Path temp;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
            InFlightFiles.register(temp);
        } catch (IOException e) {
            throw new CommandFailedException("cannot write " + outputFile + ": " + DataSource.reason(e), e);
        }
        try {
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                write(writer, stored, examples, x, first, team);
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new CommandFailedException("cannot write " + outputFile + ": " + DataSource.reason(e), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp);
            throw e;
        } finally {
            InFlightFiles.release(temp);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The original failure is the one to report.
        }
    }

    /**
     * Writes the header and one row per example: the batch already in {@code x} ({@code first} rows), then the
     * input's next batches, each preprocessed in place and run {@code --batch-size} rows at a time.
     */
    private void write(Writer writer, StoredModel stored, FeatureCsv examples, float[] x, int first, WorkerTeam team)
            throws IOException {
        Network net = stored.network();
        int classes = net.outputSize();
        int width = net.inputSize();
        String column = net.loss() == Loss.softmaxCrossEntropy() ? "p" : "score";
        StringBuilder csv = new StringBuilder(FLUSH_CHARS + 256).append("predicted");
        for (int c = 0; c < classes; c++) {
            csv.append(',').append(column).append(c);
        }
        csv.append('\n');
        // A batch smaller than --batch-size is the whole input: size the buffers for no more.
        InferenceContext ctx = net.newInferenceContext(first, team);
        int[] predicted = new int[first];
        float[] probabilities = new float[first * classes];
        for (int n = first; n > 0; n = examples.read(x, first)) {
            stored.preprocessInPlace(x, n);
            ctx.classify(x, 0, n, predicted, 0);
            ctx.predictProbabilities(x, 0, n, probabilities, 0);
            for (int i = 0; i < n; i++) {
                csv.append(predicted[i]);
                for (int c = 0; c < classes; c++) {
                    ScoreFormat.append(csv.append(','), probabilities[i * classes + c]);
                }
                csv.append('\n');
                if (csv.length() >= FLUSH_CHARS) {
                    writer.append(csv);
                    csv.setLength(0);
                }
            }
        }
        writer.append(csv);
    }
}
