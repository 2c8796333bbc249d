package dev.vecnet.cli;

import dev.vecnet.nn.Loss;
import dev.vecnet.nn.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vecnet predict}: reads examples from a CSV file (see {@link FeatureCsv} for the header rule),
 * standardises them with the statistics stored in the model file, and writes one CSV row per example: the
 * predicted class, then one column per class (probabilities for softmax models, raw scores otherwise). Not
 * thread-safe; one call per instance.
 */
@Command(name = "predict", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Predict the class and class probabilities of every row of a CSV file.",
        footer = {"", "Input: one example per line, the model's number of features, comma-separated, as in the "
                + "training data (the model file holds the standardisation and applies it). A first line with any "
                + "non-numeric field is a header and is skipped; a header column named 'label' is ignored.",
                "", "Output: a header row, then per input row the predicted class and one column per class: "
                + "predicted,p0,p1,... with probabilities summing to 1 (softmax models) or predicted,score0,score1,... "
                + "with raw scores (hinge models)."})
final class PredictCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;

    @Option(names = "--input", paramLabel = "CSV", required = true, description = "Examples to classify.")
    Path input;

    @Option(names = "--output", paramLabel = "CSV", required = true,
            description = "Where to write the predictions (created or replaced).")
    Path outputFile;

    private final Output output;

    /** A command writing its summary to {@code output}. */
    PredictCommand(Output output) {
        this.output = output;
    }

    @Override
    public Integer call() {
        StoredModel stored = model.load();
        Network net = stored.network();
        FeatureCsv examples = FeatureCsv.read(input, net.inputSize());
        FiniteValues.require(input, "--input", examples.features());
        float[] x = examples.features();
        stored.preprocessInPlace(x, examples.rows());
        int classes = net.outputSize();
        int[] predicted = Predictions.classes(net, x, examples.rows());
        float[] probabilities = Predictions.probabilities(net, x, examples.rows());
        String column = net.loss() == Loss.softmaxCrossEntropy() ? "p" : "score";
        StringBuilder csv = new StringBuilder("predicted");
        for (int c = 0; c < classes; c++) {
            csv.append(',').append(column).append(c);
        }
        csv.append('\n');
        for (int i = 0; i < examples.rows(); i++) {
            csv.append(predicted[i]);
            for (int c = 0; c < classes; c++) {
                csv.append(',').append(String.format(Locale.ROOT, "%.6g", probabilities[i * classes + c]));
            }
            csv.append('\n');
        }
        OutputFiles.writeString(outputFile, csv);
        output.out().printf(Locale.ROOT, "predicted %d rows with %s; wrote %s%n", examples.rows(), model.file(), outputFile);
        output.out().flush();
        return 0;
    }
}
