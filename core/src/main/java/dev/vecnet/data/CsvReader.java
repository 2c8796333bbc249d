package dev.vecnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads comma-separated UTF-8 text line by line straight from bytes (no {@code String} per line or field):
 * {@code \n} or {@code \r\n} ends a line; a UTF-8 byte-order mark at the start of the text is skipped; a
 * line of nothing but spaces and tabs is blank. Fields are numbers of the one grammar of
 * {@code DecimalParser} (optional sign, digits, optional fraction and exponent, {@code NaN},
 * {@code Infinity}; spaces and tabs around them; ASCII only). Lines and columns count from 1.
 *
 * <p>Limits: a line longer than {@link #MAX_LINE_BYTES} is refused with a {@link DataFormatException} while
 * it is read, before it is held whole. Error messages quote about {@link #MAX_QUOTED_CHARS} characters of
 * a field, with control and other invisible characters escaped as {@code \}{@code uXXXX}.
 *
 * <p>Memory: one buffer of 64 KiB, grown for a longer line up to {@link #MAX_LINE_BYTES}. Not thread-safe.
 */
public final class CsvReader {
    /** The longest line accepted, in bytes without its line end: 16 MiB. */
    public static final int MAX_LINE_BYTES = 1 << 24;
    /** The characters of a field that an error message quotes at most (one escape or "..." may go past it). */
    public static final int MAX_QUOTED_CHARS = 64;

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
    /** Whether a byte-order mark may still stand at the front of the buffer (only at the start of a file). */
    private boolean markPossible;

    /**
     * A reader of a whole text from its start; a byte-order mark there is skipped.
     *
     * @param in     the text, read as far as asked; not closed here
     * @param source names the text in error messages (a file's path)
     */
    public CsvReader(InputStream in, String source) {
        this(in, source, 0);
        markPossible = true;
    }

    /** A reader of a part of a file whose first line is line {@code linesBefore + 1} of the file. */
    CsvReader(InputStream in, String source, int linesBefore) {
        this.in = in;
        this.source = source;
        this.lineNumber = linesBefore;
    }

    /** The offset in the stream of the line after the current one (a byte-order mark counted). */
    long offsetOfNextLine() {
        return dropped + position;
    }

    /**
     * The number of the current line.
     *
     * @return the line {@link #nextRecord} or {@link #header} read last, from 1; 0 before the first
     */
    public int lineNumber() {
        return lineNumber;
    }

    /**
     * Reads the first line as header fields.
     *
     * @return the text of each field, as written (spaces kept), or null when the text is empty or its first
     *         line blank
     * @throws DataFormatException when the line is longer than {@link #MAX_LINE_BYTES}
     * @throws IOException         when the stream cannot be read
     */
    public String[] header() throws IOException {
        if (!nextLine() || blank()) {
            return null;
        }
        return fields();
    }

    /**
     * Advances to the next line that is not blank.
     *
     * @return false at the end of the text
     * @throws DataFormatException when a line is longer than {@link #MAX_LINE_BYTES}
     * @throws IOException         when the stream cannot be read
     */
    public boolean nextRecord() throws IOException {
        while (nextLine()) {
            if (!blank()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The fields of the current line as text.
     *
     * @return one string per field, as written (spaces kept); allocates them
     */
    public String[] fields() {
        return new String(buffer, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8).split(",", -1);
    }

    /**
     * The number of fields of the current line: its commas plus one. Allocates nothing.
     *
     * @return at least 1
     */
    public int fieldCount() {
        int count = 1;
        for (int i = lineStart; i < lineEnd; i++) {
            if (buffer[i] == ',') {
                count++;
            }
        }
        return count;
    }

    /**
     * Whether every field of the current line is a number of the grammar (non-finite ones included).
     * Allocates nothing.
     *
     * @return false when any field is not
     */
    public boolean isNumberRow() {
        for (int start = lineStart, end; start <= lineEnd; start = end + 1) {
            end = fieldEnd(start);
            if (!DecimalParser.isNumber(buffer, start, end)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses the fields of the current line, all but column {@code skip}, into {@code into} from
     * {@code offset} in order. NaN and infinities are read as such. The caller checks the field count first
     * ({@link #fieldCount}): fields beyond {@code into} are an error.
     *
     * @param into   receives the values; modified at {@code [offset, offset + fieldCount() - (skip >= 0 ? 1 : 0))}
     * @param offset the index of the first value
     * @param skip   the 0-based column not to parse, or -1 for none
     * @throws DataFormatException naming source, line and column when a field (other than {@code skip}) is not
     *                             a number
     */
    public void readNumbers(float[] into, int offset, int skip) throws DataFormatException {
        int column = 0;
        for (int start = lineStart, end, j = offset; start <= lineEnd; start = end + 1, column++) {
            end = fieldEnd(start);
            if (column != skip) {
                if (j == into.length) {
                    throw DataFormatException.at(source, lineNumber, column + 1, "more fields than expected");
                }
                into[j++] = number(start, end, column + 1, true);
            }
        }
    }

    /**
     * The text of field {@code column} of the current line for a message: spaces and tabs around it removed, at
     * most {@link #MAX_QUOTED_CHARS} characters, control and invisible characters escaped.
     *
     * @param column the 0-based column, below {@link #fieldCount()}
     * @return the text, without quotes
     */
    public String quotedField(int column) {
        int start = lineStart;
        for (int c = 0; c < column; c++) {
            start = fieldEnd(start) + 1;
        }
        return quoted(start, fieldEnd(start));
    }

    /**
     * Counts the non-blank lines after the current one, without parsing them; after each 65536 rows asks
     * {@code check} whether to go on (it throws to stop).
     */
    long countRows(RowCheck check) throws IOException {
        long rows = 0;
        while (nextRecord()) {
            rows++;
            if ((rows & 0xffff) == 0) {
                check.rows(rows);
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
        while (nextRecord()) {
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
                    end = fieldEnd(start);
                    value = number(start, end, column + 1, allowNonFinite);
                }
                if (column == label) {
                    if (!targets && (value < 0 || value != Math.rint(value) || value > Integer.MAX_VALUE - 1)) {
                        throw DataFormatException.at(source, lineNumber, column + 1, "label '" + quoted(start, end)
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

    /** The index of the comma that ends the field starting at {@code start}, or the line's end. */
    private int fieldEnd(int start) {
        int end = start;
        while (end < lineEnd && buffer[end] != ',') {
            end++;
        }
        return end;
    }

    private float number(int start, int end, int column, boolean allowNonFinite) throws DataFormatException {
        float value;
        try {
            value = DecimalParser.parse(buffer, start, end);
        } catch (NumberFormatException e) {
            throw DataFormatException.at(source, lineNumber, column, "'" + quoted(start, end) + "' is not a number"
                    + nonAsciiNote(start, end));
        }
        if (!allowNonFinite && !Float.isFinite(value)) {
            throw DataFormatException.at(source, lineNumber, column, "value '" + quoted(start, end) + "' is not "
                    + "finite (NaN and infinite values are refused)");
        }
        return value;
    }

    /** Names the first non-ASCII character of a field, which looks like an ASCII one but is not: "" if none. */
    private String nonAsciiNote(int start, int end) {
        for (int i = start; i < end; i++) {
            if (buffer[i] < 0) {
                String rest = new String(buffer, i, Math.min(end - i, 4), StandardCharsets.UTF_8);
                return String.format(" (it holds the character U+%04X; numbers are written in ASCII: digits, '.', "
                        + "'-', '+', 'e')", rest.codePointAt(0));
            }
        }
        return "";
    }

    /** The field {@code buffer[start, end)} for a message (see {@link #quotedField}). */
    private String quoted(int start, int end) {
        while (start < end && DecimalParser.isBlank(buffer[start])) {
            start++;
        }
        while (end > start && DecimalParser.isBlank(buffer[end - 1])) {
            end--;
        }
        // Four bytes per character at most: more bytes than that could never be shown, and a cut there still
        // leaves more characters than are shown, so the "..." of a cut comes from forMessage.
        int decoded = Math.min(end - start, 4 * (MAX_QUOTED_CHARS + 1));
        return forMessage(new String(buffer, start, decoded, StandardCharsets.UTF_8));
    }

    /**
     * Text from a file as an error message may quote it: its first {@link #MAX_QUOTED_CHARS} characters or so,
     * {@code ...} after them when there are more, and control and other invisible characters (format, unassigned,
     * private-use, line and paragraph separators, unpaired surrogates, U+FFFD) written as {@code \}{@code uXXXX}.
     *
     * @param text the text, e.g. a field or a header name
     * @return the text to put between quotes in a message; at most {@code MAX_QUOTED_CHARS + 10} characters
     */
    public static String forMessage(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length() && out.length() < MAX_QUOTED_CHARS) {
            int c = text.codePointAt(i);
            if (isVisible(c)) {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\u%04X", c));
            }
            i += Character.charCount(c);
        }
        return i < text.length() ? out.append("...").toString() : out.toString();
    }

    /** Whether a character shows as itself: {@link VisibleText#isVisible}, and not the replacement character. */
    private static boolean isVisible(int c) {
        return VisibleText.isVisible(c) && c != 0xfffd;
    }

    private boolean blank() {
        for (int i = lineStart; i < lineEnd; i++) {
            if (!DecimalParser.isBlank(buffer[i])) {
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
                if (buffer.length >= MAX_LINE_BYTES + 2) {
                    throw lineTooLong();
                }
                // Room for the longest line and its \r\n, no more.
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_LINE_BYTES + 2));
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
            if (markPossible && limit >= 3) {
                skipByteOrderMark();
            }
        }
    }

    /** Skips a UTF-8 byte-order mark (EF BB BF) in the first three bytes of the text. */
    private void skipByteOrderMark() {
        markPossible = false;
        if ((buffer[0] & 0xff) == 0xef && (buffer[1] & 0xff) == 0xbb && (buffer[2] & 0xff) == 0xbf) {
            position = 3;
        }
    }

    private DataFormatException lineTooLong() {
        return DataFormatException.at(source, lineNumber + 1, 1, "line longer than " + MAX_LINE_BYTES
                + " bytes (the longest line read); is this a CSV file?");
    }

    private void setLine(int start, int end) throws DataFormatException {
        // A text shorter than three bytes holds no byte-order mark.
        markPossible = false;
        if (end - start > MAX_LINE_BYTES + (end > start && buffer[end - 1] == '\r' ? 1 : 0)) {
            throw lineTooLong();
        }
        lineNumber++;
        lineStart = start;
        lineEnd = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
    }
}
