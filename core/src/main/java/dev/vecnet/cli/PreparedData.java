package dev.vecnet.cli;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Preprocessing;
import dev.vecnet.data.Preprocessor;
import dev.vecnet.data.Split;

/**
 * A data set split for training, with the standardisation fitted on the training part only and applied to
 * every part. Immutable after construction (the arrays are not copied again; nothing here modifies them).
 *
 * @param name         the data set's short name, for messages and run folders
 * @param train        training part, standardised when {@code preprocessor} is not null
 * @param validation   validation part, possibly empty
 * @param test         test part, possibly empty
 * @param preprocessor the fitted standardisation, or null when switched off
 */
record PreparedData(String name, Dataset train, Dataset validation, Dataset test, Preprocessor preprocessor) {

    /**
     * Loads, splits and (when {@code standardize}) standardises the data the options name.
     *
     * @throws UsageException         when the data is too small for the split or {@code --label} names no column
     * @throws CommandFailedException when the data cannot be read or its labels cannot train a classifier (see
     *                                {@link DataSource.Labelled#requireTrainableClasses})
     */
    public static PreparedData prepare(DataOptions options, boolean standardize) {
        DataSource.Labelled labelled = options.load();
        labelled.requireTrainableClasses();
        Split split = options.split(labelled.dataset());
        Preprocessor p = standardize ? Preprocessing.standardize().fit(split.train()) : null;
        return new PreparedData(DataSource.shortName(options.data()), transform(p, split.train()),
                transform(p, split.validation()), transform(p, split.test()), p);
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
