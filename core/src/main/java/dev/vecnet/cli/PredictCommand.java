package dev.vecnet.cli;

import dev.vecnet.kernel.GemmThreads;
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
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vecnet predict}: reads examples from a CSV file (see {@link FeatureCsv} for the header rule),
 * standardises them with the statistics stored in the model file, and writes one CSV row per example: the
 * predicted class, then one column per class (probabilities for softmax models, raw scores otherwise), with
 * 6 significant digits ({@link ScoreFormat}). Runs the network {@code --batch-size} rows at a time and streams
 * the output. Not thread-safe; one call per instance.
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
        FeatureCsv examples = FeatureCsv.read(input, net.inputSize(), label);
        float[] x = examples.features();
        stored.preprocessInPlace(x, examples.rows());
        try (GemmThreads team = threads.start();
             Writer writer = Files.newBufferedWriter(outputFile, StandardCharsets.UTF_8)) {
            write(writer, net, x, examples.rows(), team);
        } catch (IOException e) {
            throw new CommandFailedException("cannot write " + outputFile + ": " + DataSource.reason(e), e);
        }
        output.out().printf(Locale.ROOT, "predicted %d rows with %s; wrote %s%n", examples.rows(), model.file(), outputFile);
        output.out().flush();
        return 0;
    }

    /** Writes the header and one row per example, running the network batchSize rows at a time. */
    private void write(Writer writer, Network net, float[] x, int n, GemmThreads team) throws IOException {
        int classes = net.outputSize();
        int width = net.inputSize();
        String column = net.loss() == Loss.softmaxCrossEntropy() ? "p" : "score";
        StringBuilder csv = new StringBuilder(FLUSH_CHARS + 256).append("predicted");
        for (int c = 0; c < classes; c++) {
            csv.append(',').append(column).append(c);
        }
        csv.append('\n');
        InferenceContext ctx = net.newInferenceContext(Math.min(batchSize, n), team);
        int[] predicted = new int[ctx.maxBatch()];
        float[] probabilities = new float[ctx.maxBatch() * classes];
        for (int start = 0; start < n; start += ctx.maxBatch()) {
            int rows = Math.min(ctx.maxBatch(), n - start);
            ctx.classify(x, start * width, rows, predicted, 0);
            ctx.predictProbabilities(x, start * width, rows, probabilities, 0);
            for (int i = 0; i < rows; i++) {
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
