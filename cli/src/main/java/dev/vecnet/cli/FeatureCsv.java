package dev.vecnet.cli;

import dev.vecnet.data.CsvReader;
import dev.vecnet.data.DataFormatException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the input of {@code predict} a batch at a time, so that memory stays bounded by one batch whatever the
 * file's size: one example per line, comma-separated numbers. Header handling: the first line is a header, and
 * skipped, when any of its fields is not a number. A label column is dropped from every row, so a labelled data
 * file can be given as it is: the column {@code --label} names (a header name, or a column number from 1), by
 * default a header column named {@code label}. Blank lines are skipped. Every remaining row must hold exactly
 * the model's number of features, all finite, and there must be at least one. The text is read by
 * {@link CsvReader}, as the training data is: the same grammar of numbers, a byte-order mark skipped, lines
 * no longer than {@link CsvReader#MAX_LINE_BYTES}. Not thread-safe.
 */
final class FeatureCsv implements Closeable {
    private final Path file;
    private final int width;
    private final String label;
    private final InputStream in;
    private final CsvReader reader;
    private int skipColumn = -1;
    private boolean first = true;
    private boolean header;
    private long rows;

    private FeatureCsv(Path file, int width, String label, InputStream in) {
        this.file = file;
        this.width = width;
        this.label = label;
        this.in = in;
        this.reader = new CsvReader(in, file.toString());
    }

    /**
     * Opens {@code file}, expecting {@code width} features per row besides the label column.
     *
     * @param label the {@code --label} value (a header name or a column number from 1), or null: drop a header
     *              column named {@code label}, if any
     * @throws CommandFailedException when the file is missing or cannot be opened
     */
    static FeatureCsv open(Path file, int width, String label) {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailedException("input file not found: " + file.toAbsolutePath()
                    + " (give a CSV file with one example of " + width + " features per line, with --input)");
        }
        try {
            return new FeatureCsv(file, width, label, Files.newInputStream(file));
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + file + ": " + DataSource.reason(e), e);
        }
    }

    /**
     * Reads the next examples into {@code into}, row-major {@code [rows][width]} from index 0.
     *
     * @param into    receives the examples; at least {@code maxRows * width} long
     * @param maxRows the most examples to read, {@code >= 1}
     * @return the examples read, 0 at the end of the file
     * @throws UsageException         when {@code --label} names no column of the file
     * @throws CommandFailedException when the file cannot be read, a row is malformed (naming the file, the line
     *                                and what was expected), or the file holds no example at all
     */
    int read(float[] into, int maxRows) {
        int count = 0;
        try {
            while (count < maxRows && reader.nextRecord()) {
                if (first) {
                    first = false;
                    header = !reader.isNumberRow();
                    String[] fields = reader.fields();
                    skipColumn = labelColumn(file, header ? fields : null, fields.length, label);
                    if (header) {
                        continue;
                    }
                }
                parseRow(into, count * width);
                count++;
            }
        } catch (DataFormatException e) {
            throw new CommandFailedException(e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailedException("cannot read " + file + ": " + DataSource.reason(e), e);
        }
        rows += count;
        if (count == 0 && rows == 0) {
            String content = reader.lineNumber() == 0 ? "the file is empty"
                    : header ? "only a header line" : "only blank lines";
            throw new CommandFailedException(file + ": no examples to predict (" + content + "); give one example of "
                    + width + " comma-separated numbers per line");
        }
        return count;
    }

    /**
     * The examples read so far.
     *
     * @return the number of rows {@link #read} has returned in all
     */
    long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The 0-based column to drop, or -1; {@code header} is null when the first line holds numbers. */
    private static int labelColumn(Path file, String[] header, int columns, String label) {
        if (label == null) {
            return header == null ? -1 : DataSource.columnNamedLabel(header);
        }
        return DataSource.chosenColumn(file, header, columns, label);
    }

    /** Parses the current line into {@code into[offset, offset + width)}. */
    private void parseRow(float[] into, int offset) throws DataFormatException {
        int fields = reader.fieldCount();
        int count = fields - (skipColumn >= 0 && skipColumn < fields ? 1 : 0);
        if (count != width) {
            throw new CommandFailedException(file + ": line " + reader.lineNumber() + " has " + count + " features"
                    + (skipColumn >= 0 ? " besides the label column " + (skipColumn + 1) : "") + " but the model "
                    + "takes " + width + "; give one example of " + width + " comma-separated numbers per line"
                    + (skipColumn < 0 && count == width + 1 ? " (drop a label column with --label NAME|INDEX)" : ""));
        }
        reader.readNumbers(into, offset, skipColumn);
        for (int c = 0, j = offset; c < fields; c++) {
            if (c == skipColumn) {
                continue;
            }
            if (!Float.isFinite(into[j++])) {
                throw new CommandFailedException(file + ": line " + reader.lineNumber() + ", column " + (c + 1)
                        + ": '" + reader.quotedField(c) + "' is not a finite number; --input needs finite numbers "
                        + "only: fill in or drop the rows with missing values");
            }
        }
    }
}
