package dev.vecnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads comma-separated UTF-8 text line by line straight from bytes (no {@code String} per line or
 * field): {@code \n} or {@code \r\n} ends a line, blank lines are skipped, fields are parsed by
 * {@link DecimalParser}. Lines and columns count from 1. Holds one buffer (64 KiB, grown for a longer
 * line up to {@link #MAX_LINE_BYTES}). Not thread-safe.
 */
final class CsvReader {
    /** The longest line accepted; a longer one is reported rather than buffered. */
    static final int MAX_LINE_BYTES = 1 << 24;

    /** Receives the rows of {@link #readRows}. */
    interface RowSink {
        /** One row: {@code features[0, featureCount)} (reused: copy what you keep) and its label or target. */
        void row(float[] features, float label) throws IOException;
    }

    private final InputStream in;
    private final String source;
    private byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private int lineStart;
    private int lineEnd;
    private int lineNumber;
    /** Bytes of the stream that were dropped from the front of the buffer so far. */
    private long dropped;

    CsvReader(InputStream in, String source) {
        this(in, source, 0);
    }

    /** A reader whose first line is line {@code linesBefore + 1} of the file (for a part of a file). */
    CsvReader(InputStream in, String source, int linesBefore) {
        this.in = in;
        this.source = source;
        this.lineNumber = linesBefore;
    }

    /** The offset in the stream of the line after the current one. */
    long offsetOfNextLine() {
        return dropped + position;
    }

    /** The current line number (1 is the header). */
    int lineNumber() {
        return lineNumber;
    }

    /** The header fields, or null when the text is empty or its first line blank. */
    String[] header() throws IOException {
        if (!nextLine()) {
            return null;
        }
        String line = new String(buffer, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
        return line.isBlank() ? null : line.split(",", -1);
    }

    /**
     * Counts the non-blank lines after the current one, without parsing them; after each 65536 rows asks
     * {@code check} whether to go on (it throws to stop).
     */
    long countRows(RowCheck check) throws IOException {
        long rows = 0;
        while (nextLine()) {
            if (!blank()) {
                rows++;
                if ((rows & 0xffff) == 0) {
                    check.rows(rows);
                }
            }
        }
        return rows;
    }

    /** Called during {@link #countRows} with the count so far. */
    interface RowCheck {
        /** Throws to stop counting. */
        void rows(long rowsSoFar) throws IOException;
    }

    /**
     * Parses every following non-blank line of {@code columns} fields, handing the features (every column
     * but {@code label}, in order) and the label column's value to {@code sink}.
     *
     * @return the number of rows
     */
    long readRows(int columns, int label, boolean targets, boolean allowNonFinite, RowSink sink) throws IOException {
        float[] features = new float[columns - 1];
        long rows = 0;
        while (nextLine()) {
            if (blank()) {
                continue;
            }
            float labelValue = 0;
            int column = 0;
            int start = lineStart;
            while (true) {
                if (column >= columns) {
                    throw DataFormatException.at(source, lineNumber, column + 1, "ragged row: more than the "
                            + columns + " fields of the header");
                }
                // The fast path reads the number and lands on its comma; anything else is cut at the comma first.
                long scanned = DecimalParser.scan(buffer, start, lineEnd);
                int end = scanned == DecimalParser.NOT_FAST ? -1 : DecimalParser.end(scanned);
                float value;
                if (end >= 0 && (end == lineEnd || buffer[end] == ',')) {
                    value = DecimalParser.value(scanned);
                } else {
                    end = start;
                    while (end < lineEnd && buffer[end] != ',') {
                        end++;
                    }
                    value = parse(start, end, column + 1, allowNonFinite);
                }
                if (column == label) {
                    if (!targets && (value < 0 || value != Math.rint(value) || value > Integer.MAX_VALUE - 1)) {
                        throw DataFormatException.at(source, lineNumber, column + 1, "label '" + text(start, end)
                                + "' is not a non-negative integer");
                    }
                    labelValue = value;
                } else {
                    features[column < label ? column : column - 1] = value;
                }
                column++;
                if (end == lineEnd) {
                    break;
                }
                start = end + 1;
            }
            if (column != columns) {
                throw DataFormatException.at(source, lineNumber, column, "ragged row: " + column
                        + " fields, the header has " + columns);
            }
            sink.row(features, labelValue);
            rows++;
        }
        return rows;
    }

    private float parse(int start, int end, int column, boolean allowNonFinite) throws DataFormatException {
        float value;
        try {
            value = DecimalParser.parse(buffer, start, end);
        } catch (NumberFormatException e) {
            throw DataFormatException.at(source, lineNumber, column, "'" + text(start, end) + "' is not a number");
        }
        if (!allowNonFinite && !Float.isFinite(value)) {
            throw DataFormatException.at(source, lineNumber, column, "value '" + text(start, end) + "' is not finite "
                    + "(NaN and infinite values are refused)");
        }
        return value;
    }

    private String text(int start, int end) {
        return new String(buffer, start, end - start, StandardCharsets.UTF_8).trim();
    }

    private boolean blank() {
        for (int i = lineStart; i < lineEnd; i++) {
            if (buffer[i] > ' ') {
                return false;
            }
        }
        return true;
    }

    /** Advances to the next line: {@code buffer[lineStart, lineEnd)} without its terminator. */
    private boolean nextLine() throws IOException {
        int scan = position;
        while (true) {
            for (; scan < limit; scan++) {
                if (buffer[scan] == '\n') {
                    setLine(position, scan);
                    position = scan + 1;
                    return true;
                }
            }
            int carried = limit - position;
            if (position > 0) {
                dropped += position;
                System.arraycopy(buffer, position, buffer, 0, carried);
                position = 0;
                limit = carried;
            } else if (limit == buffer.length) {
                if (buffer.length >= MAX_LINE_BYTES) {
                    throw DataFormatException.at(source, lineNumber + 1, 1, "line longer than " + MAX_LINE_BYTES
                            + " bytes; is this a CSV file?");
                }
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            scan = limit;
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                if (limit == position) {
                    return false;
                }
                setLine(position, limit);
                position = limit;
                return true;
            }
            limit += n;
        }
    }

    private void setLine(int start, int end) {
        lineNumber++;
        lineStart = start;
        lineEnd = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
    }
}
