package dev.vecnet.cli;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Split;
import dev.vecnet.kernel.WorkerTeam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vecnet evaluate}: loads a model file and reports its accuracy, per-class accuracy and confusion
 * matrix on a data set or one part of it (by default the test part that {@code train} held out with the
 * same fractions and seed). Inputs are standardised with the statistics stored in the model file. Not
 * thread-safe; one call per instance.
 */
@Command(name = "evaluate", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Report a model's accuracy, per-class accuracy and confusion matrix on labelled data.")
final class EvaluateCommand implements Callable<Integer> {

    /** Which examples of the data set to evaluate. */
    enum Part {
        /** Every example. */
        ALL,
        /** The training part of the split. */
        TRAIN,
        /** The validation part of the split. */
        VALIDATION,
        /** The test part of the split. */
        TEST
    }

    /** Converts part names. */
    static final class PartConverter extends NamedChoice<Part> {
        /** Picocli's entry point. */
        public PartConverter() {
            super(Part.class);
        }
    }

    @Mixin
    ModelOption model;

    @Mixin
    DataOptions data;

    @Option(names = "--split", paramLabel = "PART", defaultValue = "test", converter = PartConverter.class,
            description = "Examples to evaluate: all, train, validation or test (the parts 'train' made with the "
                    + "same --data, fractions and --seed). Default: ${DEFAULT-VALUE}.")
    Part part;

    @Mixin
    ThreadsOption threads;

    private final Output output;

    /** A command writing to {@code output}. */
    EvaluateCommand(Output output) {
        this.output = output;
    }

    @Override
    public Integer call() {
        // The team starts first: it parses a large CSV file as well as predicting.
        try (WorkerTeam team = threads.start()) {
            return run(team);
        }
    }

    private int run(WorkerTeam team) {
        StoredModel stored = model.load();
        DataSource.Labelled labelled = data.load(team);
        Dataset all = labelled.dataset();
        if (all.featureCount() != stored.network().inputSize()) {
            throw new UsageException("the model takes " + stored.network().inputSize() + " features but --data "
                    + data.data() + " has " + all.featureCount() + " (besides the label column, "
                    + labelled.labelColumn() + "); evaluate it on the data it was trained on");
        }
        // One output is a binary model: classes 0 and 1 (score > 0).
        labelled.requireClassesBelow(Math.max(2, stored.network().outputSize()));
        Dataset chosen = select(all);
        if (chosen.size() == 0) {
            throw new UsageException("--split " + NamedChoice.nameOf(part) + " is empty; choose another part");
        }
        float[] x = chosen.features().clone();
        stored.preprocessInPlace(x, chosen.size());
        int classes = Math.max(chosen.classCount(), stored.network().outputSize());
        int[] predicted = Predictions.classes(stored.network(), x, chosen.size(), team);
        ConfusionMatrix matrix = ConfusionMatrix.of(chosen.labels(), predicted, classes);
        PrintWriter out = output.out();
        out.printf(Locale.ROOT, "model    %s%n", TerminalText.name(model.file().toString()));
        out.printf(Locale.ROOT, "data     %s: %s %d examples%n", TerminalText.name(DataSource.shortName(data.data())),
                part == Part.ALL ? "all" : NamedChoice.nameOf(part) + " part,", chosen.size());
        out.printf(Locale.ROOT, "accuracy %.2f%% (%d of %d)%n", 100 * matrix.accuracy(),
                Math.round(matrix.accuracy() * matrix.total()), matrix.total());
        out.println();
        out.println("confusion matrix (rows: true class, columns: predicted class; accuracy per true class):");
        out.print(matrix.toTable());
        out.flush();
        return 0;
    }

    private Dataset select(Dataset all) {
        if (part == Part.ALL) {
            return all;
        }
        Split split = data.split(all);
        return switch (part) {
            case TRAIN -> split.train();
            case VALIDATION -> split.validation();
            default -> split.test();
        };
    }
}
