package dev.vecnet.examples.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;

/**
 * Reads an {@code application/json} request body, {@code {"rows": [[f, f, ...], ...]}}: one object whose only
 * field is {@code rows}, an array of examples, each an array of numbers. The numbers stream straight into
 * the float buffer (no object tree). {@code NaN} and {@code Infinity} are read, to be refused as non-finite
 * with that message rather than as bad JSON. Stateless; the factory is thread-safe.
 */
final class JsonRows {
    /** Strict JSON (duplicate fields refused) plus the non-numeric numbers, which then fail as non-finite. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonRows() {
    }

    /**
     * Parses {@code body} into {@code into [rows][features]} from index 0 and returns the number of rows.
     * Writes only {@code into[0 .. rows * features)}; on a refusal the written part is garbage.
     *
     * @throws RequestException 400 for malformed JSON, another shape than {@code {"rows": [[...], ...]}}, no
     *                          rows, a row of another length than {@code features} or a non-finite value;
     *                          413 for more than {@code maxRows} rows
     */
    static int parse(byte[] body, float[] into, int features, int maxRows) throws RequestException {
        try (JsonParser p = FACTORY.createParser(body)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "the JSON body must be an object {\"rows\": [[...], ...]}");
            int rows = -1;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                expect("rows".equals(field), "unknown field '" + FeatureValues.shorten(String.valueOf(field))
                        + "': the JSON body has only \"rows\"");
                p.nextToken();
                rows = parseRows(p, into, features, maxRows);
            }
            expect(rows >= 0, "the JSON body has no \"rows\" field");
            expect(p.nextToken() == null, "the JSON body continues after its object");
            return rows;
        } catch (StreamReadException e) {
            throw new RequestException(RequestException.BAD_REQUEST,
                    "malformed JSON: " + e.getOriginalMessage().replaceAll("\\s+", " "));
        } catch (IOException e) {
            throw new AssertionError("a parser over a byte array does no I/O", e);
        }
    }

    private static int parseRows(JsonParser p, float[] into, int features, int maxRows) throws IOException, RequestException {
        expect(p.currentToken() == JsonToken.START_ARRAY, "\"rows\" must be an array of rows");
        int rows = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (rows == maxRows) {
                throw new RequestException(RequestException.TOO_LARGE,
                        "more than " + maxRows + " rows: the service takes at most " + maxRows + " rows per request");
            }
            expect(p.currentToken() == JsonToken.START_ARRAY, "rows[" + rows + "] must be an array of numbers");
            int values = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String where = "rows[" + rows + "][" + values + "]";
                expect(p.currentToken().isNumeric(), where + " is not a number");
                if (values < features) {
                    into[rows * features + values] = FeatureValues.parseChecked(p.getText(), where);
                }
                values++;
            }
            expect(values == features, "rows[" + rows + "] has " + values + " values, the model takes " + features + " features");
            rows++;
        }
        expect(rows > 0, "\"rows\" is empty");
        return rows;
    }

    private static void expect(boolean condition, String message) throws RequestException {
        if (!condition) {
            throw new RequestException(RequestException.BAD_REQUEST, message);
        }
    }
}
