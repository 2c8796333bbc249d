package dev.vecnet.examples.serving;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;

/**
 * Reads an {@code application/json} request body, {@code {"rows": [[f, f, ...], ...]}}: one object whose only
 * field is {@code rows}, an array of examples, each an array of numbers. The numbers stream straight into
 * the float buffer (no object tree). {@code NaN} and {@code Infinity} are read, to be refused as non-finite
 * with that message rather than as bad JSON. Every failure of the parser, a limit of
 * {@link #LIMITS} included, is a 400 whose message quotes at most {@link ClientText#MAX_QUOTED} escaped
 * characters. Stateless; the factory is thread-safe.
 */
final class JsonRows {
    /** The longest field name the parser reads; the only valid one is {@code rows}. */
    static final int MAX_NAME_CHARS = 100;
    /** The deepest nesting the parser reads; a valid body nests three deep. */
    static final int MAX_NESTING = 16;

    /**
     * The parser's limits, tighter than Jackson's defaults (1,000-character numbers, 50,000-character names,
     * 1,000 levels): a number as long as {@link FeatureValues#MAX_CHARS}, names of {@link #MAX_NAME_CHARS}
     * characters, {@link #MAX_NESTING} levels. The body's byte limit bounds everything else.
     */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNumberLength(FeatureValues.MAX_CHARS)
            .maxNameLength(MAX_NAME_CHARS)
            .maxNestingDepth(MAX_NESTING)
            .build();

    /**
     * Strict JSON (duplicate fields refused) plus the non-numeric numbers, which then fail as non-finite;
     * error messages quote no source and at most {@link ClientText#MAX_QUOTED} characters of a bad token.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(LIMITS)
            .errorReportConfiguration(ErrorReportConfiguration.builder()
                    .maxErrorTokenLength(ClientText.MAX_QUOTED).maxRawContentLength(0).build())
            .build();

    private JsonRows() {
    }

    /**
     * Parses {@code body} into {@code into [rows][features]} from index 0 and returns the number of rows.
     * Writes only {@code into[0 .. rows * features)}; on a refusal the written part is garbage.
     *
     * @throws RequestException 400 for malformed JSON (bytes that are not UTF-8 included), a number, name or
     *                          nesting over {@link #LIMITS}, another shape than {@code {"rows": [[...], ...]}},
     *                          no rows, a row of another length than {@code features} or a non-finite value;
     *                          413 for more than {@code maxRows} rows
     */
    static int parse(byte[] body, float[] into, int features, int maxRows) throws RequestException {
        try (JsonParser p = FACTORY.createParser(body)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "the JSON body must be an object {\"rows\": [[...], ...]}");
            int rows = -1;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                expect("rows".equals(field), "unknown field '" + ClientText.quote(String.valueOf(field))
                        + "': the JSON body has only \"rows\"");
                p.nextToken();
                rows = parseRows(p, into, features, maxRows);
            }
            expect(rows >= 0, "the JSON body has no \"rows\" field");
            expect(p.nextToken() == null, "the JSON body continues after its object");
            return rows;
        } catch (StreamConstraintsException e) {
            // Not a StreamReadException: Jackson's limits have their own branch of JsonProcessingException.
            throw malformed("over the service's JSON limits: ", e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw malformed("malformed JSON: ", e.getOriginalMessage());
        } catch (IOException e) {
            // A parser over a byte array does no I/O; what it throws besides the above is a decoding error,
            // such as a CharConversionException for bytes that are not valid UTF-32.
            throw malformed("malformed JSON: ", e.getMessage());
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

    private static RequestException malformed(String what, String parserMessage) {
        return new RequestException(RequestException.BAD_REQUEST, what + ClientText.quote(String.valueOf(parserMessage)));
    }

    private static void expect(boolean condition, String message) throws RequestException {
        if (!condition) {
            throw new RequestException(RequestException.BAD_REQUEST, message);
        }
    }
}
