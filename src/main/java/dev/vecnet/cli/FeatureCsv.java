package dev.vecnet.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the input of {@code predict}: one example per line, comma-separated numbers. Header handling: the
 * first line is a header, and skipped, when any of its fields is not a number; a header column named
 * {@code label} is dropped from every row, so a labelled data file can be given as it is. Blank lines are
 * skipped. Every remaining row must hold exactly the model's number of features.
 *
 * @param rows     number of examples read
 * @param features the examples, row-major {@code [rows][width]}
 */
record FeatureCsv(int rows, float[] features) {

    /**
     * Reads {@code file}, expecting {@code width} features per row.
     *
     * @throws CommandFailedException when the file is missing or a row is malformed, naming the file, the
     *                                line and what was expected
     */
    public static FeatureCsv read(Path file, int width) {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailedException("input file not found: " + file.toAbsolutePath()
                    + " (give a CSV file with one example of " + width + " features per line, with --input)");
        }
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int skipColumn = -1;
            String line;
            for (int lineNo = 1; (line = reader.readLine()) != null; lineNo++) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (lineNo == 1 && !allNumbers(fields)) {
                    skipColumn = Arrays.asList(trimmed(fields)).indexOf("label");
                    continue;
                }
                rows.add(parseRow(file, lineNo, fields, skipColumn, width));
            }
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + file + ": " + e, e);
        }
        float[] features = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, features, i * width, width);
        }
        return new FeatureCsv(rows.size(), features);
    }

    private static float[] parseRow(Path file, int lineNo, String[] fields, int skipColumn, int width) {
        int count = fields.length - (skipColumn >= 0 && skipColumn < fields.length ? 1 : 0);
        if (count != width) {
            throw new CommandFailedException(file + ": line " + lineNo + " has " + count + " features but the model "
                    + "takes " + width + "; give one example of " + width + " comma-separated numbers per line");
        }
        float[] row = new float[width];
        for (int c = 0, j = 0; c < fields.length; c++) {
            if (c == skipColumn) {
                continue;
            }
            try {
                row[j++] = Float.parseFloat(fields[c].trim());
            } catch (NumberFormatException e) {
                throw new CommandFailedException(file + ": line " + lineNo + ", column " + (c + 1) + ": '" + fields[c]
                        + "' is not a number");
            }
        }
        return row;
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

    private static String[] trimmed(String[] fields) {
        return Arrays.stream(fields).map(String::trim).toArray(String[]::new);
    }
}
