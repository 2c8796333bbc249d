package dev.vecnet.examples.serving;

import java.util.Locale;

/** The two request formats of {@code POST /predict}, chosen by the request's {@code Content-Type}. */
enum RowFormat {
    /** {@code text/csv}: one example per line ({@link CsvRows}). */
    CSV,
    /** {@code application/json}: {@code {"rows": [[...], ...]}} ({@link JsonRows}). */
    JSON;

    /**
     * The format of a {@code Content-Type} header value; its parameters (such as {@code charset}) are
     * ignored, the body is read as UTF-8.
     *
     * @throws RequestException 415 for a missing header or any other media type
     */
    static RowFormat of(String contentType) throws RequestException {
        if (contentType == null) {
            throw new RequestException(RequestException.UNSUPPORTED_TYPE,
                    "no Content-Type: send text/csv or application/json");
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        switch (media) {
            case "text/csv":
                return CSV;
            case "application/json":
                return JSON;
            default:
                throw new RequestException(RequestException.UNSUPPORTED_TYPE,
                        "Content-Type '" + ClientText.quote(contentType) + "' is not supported: send text/csv or application/json");
        }
    }

    /** Parses {@code body} into {@code into [rows][features]}; returns the number of rows (see each reader). */
    int parse(byte[] body, float[] into, int features, int maxRows) throws RequestException {
        return this == CSV ? CsvRows.parse(body, into, features, maxRows) : JsonRows.parse(body, into, features, maxRows);
    }
}
