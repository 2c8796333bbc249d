package dev.vecnet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the input of {@code predict}: one example per line, comma-separated numbers. Header handling: the
 * first line is a header, and skipped, when any of its fields is not a number. A label column is dropped from
 * every row, so a labelled data file can be given as it is: the column {@code --label} names (a header name,
 * or a column number from 1), by default a header column named {@code label}. Blank lines are skipped. Every
 * remaining row must hold exactly the model's number of features, all finite, and there must be at least one.
 *
 * @param rows     number of examples read
 * @param features the examples, row-major {@code [rows][width]}
 */
record FeatureCsv(int rows, float[] features) {

    /**
     * Reads {@code file}, expecting {@code width} features per row besides the label column.
     *
     * @param label the {@code --label} value (a header name or a column number from 1), or null: drop a header
     *              column named {@code label}, if any
     * @throws UsageException         when {@code label} names no column of the file
     * @throws CommandFailedException when the file is missing or empty, or a row is malformed, naming the file,
     *                                the line and what was expected
     */
    public static FeatureCsv read(Path file, int width, String label) {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailedException("input file not found: " + file.toAbsolutePath()
                    + " (give a CSV file with one example of " + width + " features per line, with --input)");
        }
        float[] features = new float[width * 1024];
        int rows = 0;
        int lineNo = 0;
        boolean header = false;
        boolean first = true;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int skipColumn = -1;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (first) {
                    first = false;
                    header = !allNumbers(fields);
                    skipColumn = labelColumn(file, header ? fields : null, fields.length, label);
                    if (header) {
                        continue;
                    }
                }
                if ((long) (rows + 1) * width > features.length) {
                    features = Arrays.copyOf(features, (int) Math.min(Integer.MAX_VALUE - 8, 2L * features.length));
                }
                parseRow(file, lineNo, fields, skipColumn, width, features, rows * width);
                rows++;
            }
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + file + ": " + DataSource.reason(e), e);
        }
        if (rows == 0) {
            throw new CommandFailedException(file + ": no examples to predict (" + (lineNo == 0 ? "the file is empty"
                    : header ? "only a header line" : "only blank lines") + "); give one example of " + width
                    + " comma-separated numbers per line");
        }
        return new FeatureCsv(rows, Arrays.copyOf(features, rows * width));
    }

    /** The 0-based column to drop, or -1; {@code header} is null when the first line holds numbers. */
    private static int labelColumn(Path file, String[] header, int columns, String label) {
        if (label == null) {
            return header == null ? -1 : DataSource.columnNamedLabel(header);
        }
        return DataSource.chosenColumn(file, header, columns, label);
    }

    private static void parseRow(Path file, int lineNo, String[] fields, int skipColumn, int width, float[] into,
            int offset) {
        int count = fields.length - (skipColumn >= 0 && skipColumn < fields.length ? 1 : 0);
        if (count != width) {
            throw new CommandFailedException(file + ": line " + lineNo + " has " + count + " features"
                    + (skipColumn >= 0 ? " besides the label column " + (skipColumn + 1) : "") + " but the model "
                    + "takes " + width + "; give one example of " + width + " comma-separated numbers per line"
                    + (skipColumn < 0 && count == width + 1 ? " (drop a label column with --label NAME|INDEX)" : ""));
        }
        for (int c = 0, j = offset; c < fields.length; c++) {
            if (c == skipColumn) {
                continue;
            }
            float value;
            try {
                value = Float.parseFloat(fields[c].trim());
            } catch (NumberFormatException e) {
                throw new CommandFailedException(file + ": line " + lineNo + ", column " + (c + 1) + ": '" + fields[c]
                        + "' is not a number");
            }
            if (!Float.isFinite(value)) {
                throw new CommandFailedException(file + ": line " + lineNo + ", column " + (c + 1) + ": '"
                        + fields[c].trim() + "' is not a finite number; --input needs finite numbers only: fill in or drop the"
                        + " rows with missing values");
            }
            into[j++] = value;
        }
    }

    private static boolean allNumbers(String[] fields) {
        for (String f : fields) {
            try {
                Float.parseFloat(f.trim());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }
}
