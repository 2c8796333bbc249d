package dev.vecnet.cli;

import dev.vecnet.data.CsvLoader;
import dev.vecnet.data.DataFormatException;
import dev.vecnet.data.Dataset;
import dev.vecnet.data.Datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Resolves the value of a {@code --data} option: one of the data sets shipped in the jar by name
 * ({@code digits}, {@code iris}, {@code breast-cancer}) or the path of a CSV file with a header row and the
 * class label, a whole number from 0, in the last column. Stateless.
 */
final class DataSource {
    /** The names of the shipped data sets, for help texts. */
    public static final String NAMES = "digits, iris, breast-cancer";

    private DataSource() {
    }

    /**
     * Loads the data set named by {@code nameOrPath}.
     *
     * @throws CommandFailedException when the file is missing, unreadable or malformed, naming the file
     */
    public static Dataset load(String nameOrPath) {
        switch (nameOrPath.toLowerCase(Locale.ROOT)) {
            case "digits":
                return Datasets.digits();
            case "iris":
                return Datasets.iris();
            case "breast-cancer":
            case "breast_cancer":
            case "breastcancer":
                return Datasets.breastCancer();
            default:
                return loadCsv(Path.of(nameOrPath));
        }
    }

    /** A short name for run folders and messages: the shipped name, or the file name without extension. */
    public static String shortName(String nameOrPath) {
        String file = Path.of(nameOrPath).getFileName().toString();
        int dot = file.indexOf('.');
        return (dot > 0 ? file.substring(0, dot) : file).toLowerCase(Locale.ROOT);
    }

    private static Dataset loadCsv(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailedException("data file not found: " + file.toAbsolutePath()
                    + " (give a CSV file with a header row and the label in the last column, or one of " + NAMES + ")");
        }
        try {
            return CsvLoader.lastColumnLabel().load(file);
        } catch (DataFormatException e) {
            throw new CommandFailedException("cannot read data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read data file " + file + ": " + e, e);
        }
    }
}
