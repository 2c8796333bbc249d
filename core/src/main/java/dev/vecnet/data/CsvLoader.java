package dev.vecnet.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads a comma-separated file with a header row into a {@link Dataset}: one column is the label (an
 * integer class, or a float target with {@link #asTargets}), every other column a float feature, in
 * file order. A file whose name ends in {@code .gz} is read through gzip. Lines and columns in error
 * messages count from 1, the header being line 1.
 *
 * <p>Errors ({@link DataFormatException}, naming file, line and column): an empty file, a header with no
 * such label column, a row with another number of fields than the header, a value that is not a number,
 * a label that is not a non-negative integer, and NaN or infinity unless {@link #allowNonFinite}.
 *
 * <p>Instances are immutable settings ({@code with...} methods return a copy) and thread-safe.
 */
public final class CsvLoader {
    private final String labelName;
    private final int labelIndex;
    private final boolean targets;
    private final boolean allowNonFinite;

    private CsvLoader(String labelName, int labelIndex, boolean targets, boolean allowNonFinite) {
        this.labelName = labelName;
        this.labelIndex = labelIndex;
        this.targets = targets;
        this.allowNonFinite = allowNonFinite;
    }

    /**
     * A loader whose label column is the last one, read as integer classes, rejecting NaN and infinity.
     *
     * @return a new loader with these settings
     */
    public static CsvLoader lastColumnLabel() {
        return new CsvLoader(null, -1, false, false);
    }

    /**
     * A loader whose label is the column with this header name, read as integer classes, rejecting NaN and
     * infinity.
     *
     * @param name the header name of the label column, compared with each header field after trimming
     *             spaces; a file without it fails to load
     * @return a new loader with these settings
     */
    public static CsvLoader labelColumn(String name) {
        return new CsvLoader(name, -1, false, false);
    }

    /**
     * A loader whose label is the column at this 0-based index; negative counts from the end (-1: last).
     * Reads the label as integer classes and rejects NaN and infinity.
     *
     * @param index the label column, in {@code [-columns, columns)} of the file's header; a file with fewer
     *              columns fails to load
     * @return a new loader with these settings
     */
    public static CsvLoader labelColumn(int index) {
        return new CsvLoader(null, index, false, false);
    }

    /**
     * A copy that reads the label column as a float regression target ({@code targetCount() == 1}).
     *
     * @return a new loader with the same label column and non-finite setting; this one is unchanged
     */
    public CsvLoader asTargets() {
        return new CsvLoader(labelName, labelIndex, true, allowNonFinite);
    }

    /**
     * A copy that accepts NaN and infinite values ({@code NaN}, {@code Infinity}, {@code -Infinity}).
     * A class label must still be a non-negative integer.
     *
     * @return a new loader with the same label settings; this one is unchanged
     */
    public CsvLoader allowNonFinite() {
        return new CsvLoader(labelName, labelIndex, targets, true);
    }

    /**
     * Reads a file, gunzipping it when its name ends in {@code .gz}. Closes the file.
     *
     * @param file the CSV file; its path names it in error messages
     * @return the data set: {@code columns - 1} features per row in file order, integer labels with
     *         {@code classCount() == max(label) + 1}, or one float target per row after {@link #asTargets()}
     * @throws DataFormatException when the content is malformed
     * @throws IOException         when the file cannot be read
     */
    public Dataset load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        }
    }

    /**
     * Reads a stream (gunzipped first when {@code sourceName} ends in {@code .gz}); does not close it.
     *
     * @param in         the CSV text in UTF-8, read to its end
     * @param sourceName names the data in error messages
     * @return the data set: {@code columns - 1} features per row in file order, integer labels with
     *         {@code classCount() == max(label) + 1}, or one float target per row after {@link #asTargets()}
     * @throws DataFormatException when the content is malformed (message with source name, line and column)
     * @throws IOException         when the stream cannot be read
     */
    public Dataset load(InputStream in, String sourceName) throws IOException {
        InputStream raw = sourceName.endsWith(".gz") ? new GZIPInputStream(in) : in;
        BufferedReader reader = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null || header.isBlank()) {
            throw new DataFormatException(sourceName + ": line 1: the file is empty (expected a header row)");
        }
        String[] names = header.split(",", -1);
        int columns = names.length;
        if (columns < 2) {
            throw DataFormatException.at(sourceName, 1, 1, "need at least two columns (features and a label)");
        }
        int label = labelColumnOf(names, sourceName);
        int features = columns - 1;
        FloatBuffer x = new FloatBuffer(features * 64);
        FloatBuffer y = new FloatBuffer(64);
        int lineNumber = 1;
        int rows = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            int start = 0;
            int column = 0;
            for (int end = 0; end <= line.length(); end++) {
                if (end < line.length() && line.charAt(end) != ',') {
                    continue;
                }
                if (column >= columns) {
                    throw DataFormatException.at(sourceName, lineNumber, column + 1, "ragged row: more than the "
                            + columns + " fields of the header");
                }
                String field = line.substring(start, end).trim();
                float value = parse(field, sourceName, lineNumber, column + 1);
                if (column == label) {
                    if (!targets && (value < 0 || value != Math.rint(value) || value > Integer.MAX_VALUE - 1)) {
                        throw DataFormatException.at(sourceName, lineNumber, column + 1, "label '" + field
                                + "' is not a non-negative integer");
                    }
                    y.add(value);
                } else {
                    x.add(value);
                }
                column++;
                start = end + 1;
            }
            if (column != columns) {
                throw DataFormatException.at(sourceName, lineNumber, column, "ragged row: " + column
                        + " fields, the header has " + columns);
            }
            rows++;
        }
        if (rows == 0) {
            throw new DataFormatException(sourceName + ": line " + lineNumber + ": no data rows after the header");
        }
        if (targets) {
            return Dataset.ofTargets(x.toArray(), features, y.toArray(), 1);
        }
        float[] raw32 = y.toArray();
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = (int) raw32[i];
        }
        return Dataset.ofLabels(x.toArray(), features, labels);
    }

    private int labelColumnOf(String[] names, String sourceName) throws DataFormatException {
        if (labelName != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].trim().equals(labelName)) {
                    return i;
                }
            }
            throw DataFormatException.at(sourceName, 1, 1, "no column named '" + labelName + "' in the header");
        }
        int index = labelIndex < 0 ? names.length + labelIndex : labelIndex;
        if (index < 0 || index >= names.length) {
            throw DataFormatException.at(sourceName, 1, 1, "label column " + labelIndex + " is outside the "
                    + names.length + " columns of the header");
        }
        return index;
    }

    private float parse(String field, String source, int line, int column) throws DataFormatException {
        float value;
        try {
            value = Float.parseFloat(field);
        } catch (NumberFormatException e) {
            throw DataFormatException.at(source, line, column, "'" + field + "' is not a number");
        }
        if (!allowNonFinite && !Float.isFinite(value)) {
            throw DataFormatException.at(source, line, column, "value '" + field + "' is not finite (NaN and "
                    + "infinite values are refused)");
        }
        return value;
    }

    /** A growable float array: the row count is unknown until the end of a text file. */
    private static final class FloatBuffer {
        private float[] data;
        private int size;

        FloatBuffer(int capacity) {
            data = new float[capacity];
        }

        void add(float value) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(16, data.length * 2));
            }
            data[size++] = value;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
