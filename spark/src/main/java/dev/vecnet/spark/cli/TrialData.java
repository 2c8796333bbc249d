package dev.vecnet.spark.cli;

import dev.vecnet.cli.PreparedData;

import dev.vecnet.data.Dataset;

import java.io.Serializable;

/**
 * What a search trial reads, as plain arrays so that Spark broadcasts it once: the prepared (standardised)
 * training and validation parts. {@link #prepared()} wraps the arrays again on the executor without copying.
 *
 * @param name            the data set's short name, for messages
 * @param features        features per example
 * @param classes         classes of the data set
 * @param trainX          training features, row-major
 * @param trainY          training labels
 * @param validationX     validation features, row-major
 * @param validationY     validation labels
 */
record TrialData(String name, int features, int classes, float[] trainX, int[] trainY, float[] validationX,
                 int[] validationY) implements Serializable {

    /** The parts of {@code prepared}, the training part being {@code train} (in memory). */
    static TrialData of(PreparedData prepared, Dataset train) {
        Dataset validation = prepared.validation();
        return new TrialData(prepared.name(), prepared.features(), prepared.classes(), train.features(), train.labels(),
                validation.features(), validation.labels());
    }

    /** The parts as the search's trials take them (no test part, no standardisation to apply: it is done). */
    PreparedData prepared() {
        return new PreparedData(name, Dataset.ofLabels(trainX, features, trainY, classes),
                Dataset.ofLabels(validationX, features, validationY, classes),
                Dataset.ofLabels(new float[0], features, new int[0], classes), null);
    }
}
