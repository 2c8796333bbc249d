package dev.vecnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The small real data sets shipped in the jar (under {@code dev/vecnet/data/}; origins and licence in
 * the {@code README.md} beside them and in {@code docs/data.md}). Each call reads and parses the resource
 * anew and returns a fresh {@link Dataset}; features are the raw values of the file (no scaling).
 * Thread-safe.
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * UCI optical handwritten digits (test part): 1797 examples, 64 features (an 8 x 8 image, row-major,
     * integer pixels 0..16), 10 classes (the digits 0-9).
     *
     * @return a new data set read from the jar
     */
    public static Dataset digits() {
        return resource("digits.csv.gz");
    }

    /**
     * Breast Cancer Wisconsin (Diagnostic): 569 examples, 30 real-valued features, 2 classes (0 malignant,
     * 1 benign).
     *
     * @return a new data set read from the jar
     */
    public static Dataset breastCancer() {
        return resource("breast_cancer.csv");
    }

    /**
     * Fisher's iris: 150 examples, 4 features (sepal and petal length and width, cm), 3 classes.
     *
     * @return a new data set read from the jar
     */
    public static Dataset iris() {
        return resource("iris.csv");
    }

    private static Dataset resource(String name) {
        try (InputStream in = Datasets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource dev/vecnet/data/" + name + " is missing from the class path");
            }
            return CsvLoader.labelColumn("label").load(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped data set " + name, e);
        }
    }
}
