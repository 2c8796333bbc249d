package dev.vecnet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the first NaN or infinite number in a CSV file of examples and names its line and column, so that a
 * missing value is reported where it is in the file rather than as "example i, feature j" of a network
 * pass. The first line is skipped when it is a header (any field not a number); fields that are not numbers
 * at all are left to the reader of the file. Stateless.
 */
final class FiniteValues {
    private FiniteValues() {
    }

    /**
     * Checks the numbers read from {@code file}, given with {@code option}: when {@code values} are all finite
     * it returns at once, without reading the file again; otherwise it finds the first NaN or infinite number
     * in the file.
     *
     * @param values the numbers read from the file; not modified
     * @throws CommandFailedException at the first NaN or infinite number, naming the file, line, column and option
     */
    public static void require(Path file, String option, float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                require(file, option);
                return;
            }
        }
    }

    /**
     * Checks {@code file}, given with {@code option}, for NaN and infinite numbers.
     *
     * @throws CommandFailedException at the first one, naming the file, line, column and option
     */
    public static void require(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            return;  // the reader reports a missing file
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            for (int lineNo = 1; (line = reader.readLine()) != null; lineNo++) {
                String[] fields = line.split(",", -1);
                if (lineNo == 1 && isHeader(fields)) {
                    continue;
                }
                for (int c = 0; c < fields.length; c++) {
                    Float value = number(fields[c]);
                    if (value != null && !Float.isFinite(value)) {
                        throw new CommandFailedException(file + ": line " + lineNo + ", column " + (c + 1) + ": '"
                                + fields[c].strip() + "' is not a finite number; " + option + " needs finite numbers "
                                + "only: fill in or drop the rows with missing values");
                    }
                }
            }
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + file + " (" + option + "): " + e.getMessage(), e);
        }
    }

    private static boolean isHeader(String[] fields) {
        for (String f : fields) {
            if (number(f) == null) {
                return true;
            }
        }
        return false;
    }

    /** The field as a float (NaN, Infinity and overflowing numbers included), or null if it is no number. */
    private static Float number(String field) {
        try {
            return Float.parseFloat(field.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
