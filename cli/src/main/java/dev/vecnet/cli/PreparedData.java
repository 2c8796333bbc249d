package dev.vecnet.cli;

import dev.vecnet.data.DataFormatException;
import dev.vecnet.data.DataTooLargeException;
import dev.vecnet.data.Dataset;
import dev.vecnet.data.Examples;
import dev.vecnet.data.Holdout;
import dev.vecnet.data.MappedExamples;
import dev.vecnet.data.Preprocessing;
import dev.vecnet.data.Preprocessor;
import dev.vecnet.data.Split;
import dev.vecnet.kernel.WorkerTeam;

import java.nio.file.Path;

/**
 * A data set split for training, with the standardisation fitted on the training part only and applied to
 * every part. Immutable after construction (the arrays are not copied again; nothing here modifies them).
 *
 * <p>A vecnet data file ({@code .vecdata}) is not loaded: its training part is a view of the file's rows
 * (read from disk as batches are gathered, standardised as they are gathered), and only the validation and
 * test rows are copied into memory, within a third of the available heap. {@link Holdout} picks the same rows,
 * in the same order, as the split of the same examples in memory, so a converted file trains the model its
 * source file trains. The file is read through once first to check its checksum, unless {@code --no-verify}.
 *
 * @param name         the data set's short name, for messages and run folders
 * @param train        training part, standardised when {@code preprocessor} is not null: a {@link Dataset}, or a
 *                     view of a mapped file
 * @param validation   validation part, possibly empty
 * @param test         test part, possibly empty
 * @param preprocessor the fitted standardisation, or null when switched off
 */
public record PreparedData(String name, Examples train, Dataset validation, Dataset test, Preprocessor preprocessor) {

    /**
     * Loads, splits and (when {@code standardize}) standardises the data the options name.
     *
     * @throws UsageException         when the data is too small for the split or {@code --label} names no column
     * @throws CommandFailedException when the data cannot be read or its labels cannot train a classifier (see
     *                                {@link DataSource.Labelled#requireTrainableClasses})
     */
    public static PreparedData prepare(DataOptions options, boolean standardize) {
        return prepare(options, standardize, null);
    }

    /** As {@link #prepare(DataOptions, boolean)}, parsing a large CSV file on {@code team} (null: this thread). */
    public static PreparedData prepare(DataOptions options, boolean standardize, WorkerTeam team) {
        return prepare(options, standardize, team, DataSource.memoryBudget());
    }

    /**
     * As {@link #prepare(DataOptions, boolean, WorkerTeam)}, reading a plain IDX image file from disk when it
     * needs more than {@code inMemoryBytes} in memory (tests lower the bound to take the mapped path).
     */
    static PreparedData prepare(DataOptions options, boolean standardize, WorkerTeam team, long inMemoryBytes) {
        if (DataSource.isDataFile(options.data())) {
            Path file = Path.of(options.data());
            MappedExamples mapped = DataSource.openDataFile(file);
            return prepareMapped(options, standardize, file, mapped, () -> {
                if (options.verify()) {
                    DataSource.verify(file, mapped);
                }
            });
        }
        Examples idx = DataSource.mappedIdxBeyond(options.data(), options.labels(), inMemoryBytes);
        if (idx != null) {
            return prepareMapped(options, standardize, Path.of(options.data()), idx, () -> { });
        }
        DataSource.Labelled labelled = options.load(team);
        labelled.requireTrainableClasses();
        Split split = options.split(labelled.dataset());
        Preprocessor p = standardize ? Preprocessing.standardize().fit(split.train()) : null;
        return new PreparedData(DataSource.shortName(options.data()), transform(p, split.train()),
                transform(p, split.validation()), transform(p, split.test()), p);
    }

    /**
     * Splits examples read from disk, checking them with {@code verify} once the split is known to fit in memory.
     */
    private static PreparedData prepareMapped(DataOptions options, boolean standardize, Path file, Examples mapped,
                                              Runnable verify) {
        if (mapped.classCount() < 2) {
            throw new CommandFailedException(file + " holds only class 0; a classifier needs examples of at least 2 classes");
        }
        double[] fractions = options.heldOutFractions();
        Holdout split;
        try {
            split = Holdout.of(mapped, fractions[0], fractions[1], options.seed(), DataSource.memoryBudget());
        } catch (DataTooLargeException e) {
            throw new CommandFailedException(e.getMessage() + "; the split keeps an index per row and copies the "
                    + "validation and test parts into memory: give Java more memory (JAVA_TOOL_OPTIONS=-Xmx16g), or "
                    + "lower --validation-fraction and --test-fraction (e.g. 0.01)", e);
        } catch (DataFormatException e) {
            throw DataSource.failure(file.toString(), e);
        }
        Holdout holdout = split;
        // After the split's memory was found to fit: a file too large is refused without a pass over it first.
        verify.run();
        if (holdout.train().count() == 0 || (fractions[0] > 0 && holdout.validation().size() == 0)
                || (fractions[1] > 0 && holdout.test().size() == 0)) {
            throw new UsageException("--data " + file + ": " + mapped.count() + " rows give " + holdout.train().count()
                    + " training, " + holdout.validation().size() + " validation and " + holdout.test().size()
                    + " test examples; the training part and each part with a fraction above 0 need rows: change the "
                    + "fractions");
        }
        Preprocessor p = standardize
                ? DataSource.reading(file.toString(), () -> Preprocessing.standardize(holdout.train())) : null;
        Examples train = p == null ? holdout.train() : holdout.train().preprocessed(p);
        return new PreparedData(DataSource.shortName(options.data()), train, transform(p, holdout.validation()),
                transform(p, holdout.test()), p);
    }

    /** Training examples, as an int: a fit takes at most 2^31 - 1 (checked when preparing). */
    public int trainCount() {
        return (int) train.count();
    }

    /**
     * The training part in memory: itself when it is a {@link Dataset}, else its first {@code limit} rows
     * copied (for the sanity checks of a mapped file).
     */
    public Dataset trainInMemory(int limit) {
        if (train instanceof Dataset d) {
            return d;
        }
        long[] rows = new long[(int) Math.min(limit, train.count())];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return DataSource.reading(name, () -> Dataset.copyOf(train, rows));
    }

    /** Input features per example. */
    public int features() {
        return train.featureCount();
    }

    /** Number of classes of the whole data set. */
    public int classes() {
        return train.classCount();
    }

    /** The validation part, or null when it is empty (as the trainer takes "no validation"). */
    public Dataset validationOrNull() {
        return validation.size() == 0 ? null : validation;
    }

    private static Dataset transform(Preprocessor p, Dataset d) {
        return p == null || d.size() == 0 ? d : p.apply(d);
    }
}
