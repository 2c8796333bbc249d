package dev.vecnet.examples.serving;

import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/csv} request body: one example per line, its features separated by commas, no
 * header; lines end in LF or CRLF, and the last line terminator is optional. Spaces and tabs around a
 * value are ignored. Stateless.
 */
final class CsvRows {
    private CsvRows() {
    }

    /**
     * Parses {@code body} into {@code into [rows][features]} from index 0 and returns the number of rows.
     * Writes only {@code into[0 .. rows * features)}; on a refusal the written part is garbage.
     *
     * @throws RequestException 400 for an empty body or line, a value that is not a finite decimal number or
     *                          a line with another number of values than {@code features}; 413 for more than
     *                          {@code maxRows} lines
     */
    static int parse(byte[] body, float[] into, int features, int maxRows) throws RequestException {
        String text = new String(body, StandardCharsets.UTF_8);
        int end = text.endsWith("\r\n") ? text.length() - 2 : text.endsWith("\n") ? text.length() - 1 : text.length();
        if (end == 0) {
            throw new RequestException(RequestException.BAD_REQUEST, "the CSV body has no rows");
        }
        int rows = 0;
        int lineStart = 0;
        while (lineStart <= end) {
            int newline = text.indexOf('\n', lineStart);
            int lineEnd = newline < 0 || newline > end ? end : newline;
            int contentEnd = lineEnd > lineStart && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
            if (rows == maxRows) {
                throw new RequestException(RequestException.TOO_LARGE,
                        "more than " + maxRows + " rows: the service takes at most " + maxRows + " rows per request");
            }
            parseLine(text, lineStart, contentEnd, rows, into, features);
            rows++;
            lineStart = lineEnd + 1;
        }
        return rows;
    }

    private static void parseLine(String text, int start, int end, int row, float[] into, int features)
            throws RequestException {
        int line = row + 1;
        if (text.substring(start, end).isBlank()) {
            throw new RequestException(RequestException.BAD_REQUEST, "line " + line + " is empty");
        }
        int values = 0;
        int fieldStart = start;
        while (true) {
            int comma = text.indexOf(',', fieldStart);
            int fieldEnd = comma < 0 || comma > end ? end : comma;
            if (values < features) {
                String field = text.substring(fieldStart, fieldEnd).strip();
                into[row * features + values] = FeatureValues.parse(field, "line " + line + ", value " + (values + 1));
            }
            values++;
            if (fieldEnd == end) {
                break;
            }
            fieldStart = fieldEnd + 1;
        }
        if (values != features) {
            throw new RequestException(RequestException.BAD_REQUEST,
                    "line " + line + " has " + values + " values, the model takes " + features + " features");
        }
    }
}
