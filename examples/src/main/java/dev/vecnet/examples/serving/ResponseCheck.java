package dev.vecnet.examples.serving;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Arrays;

/**
 * Compares a response with its {@link PlannedRequest}: the status, and for a good request the classes and
 * every probability bit for bit (each JSON number read with {@link Float#parseFloat}), for a bad one a JSON
 * error body whose one-line message contains the expected part. Stateless.
 */
final class ResponseCheck {
    private ResponseCheck() {
    }

    /** Null when {@code body} with {@code status} is the right answer to {@code request}, else what is wrong. */
    static String problem(PlannedRequest request, int status, byte[] body) {
        try {
            if (status != request.status()) {
                return request.name() + ": status " + status + ", expected " + request.status() + "; body "
                        + ClientText.quote(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            }
            return request.good() ? predictionProblem(request, body) : errorProblem(request, body);
        } catch (IOException e) {
            return request.name() + ": the body is not the expected JSON: " + e.getMessage();
        }
    }

    private static String predictionProblem(PlannedRequest request, byte[] body) throws IOException {
        int[] classes = null;
        float[] outputs = null;
        int classCount = 0;
        int outputCount = 0;
        try (JsonParser p = JsonRows.FACTORY.createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("classes")) {
                    classes = new int[request.rows()];
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (classCount == classes.length) {
                            return request.name() + ": more classes than rows";
                        }
                        classes[classCount++] = p.getIntValue();
                    }
                } else if (field.equals("probabilities")) {
                    outputs = new float[request.outputs().length];
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (outputCount == outputs.length) {
                                return request.name() + ": more probabilities than expected";
                            }
                            outputs[outputCount++] = Float.parseFloat(p.getText());
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        if (classCount != request.rows() || outputCount != request.outputs().length) {
            return request.name() + ": " + classCount + " classes and " + outputCount + " probabilities, expected "
                    + request.rows() + " and " + request.outputs().length;
        }
        if (!Arrays.equals(classes, request.classes())) {
            return request.name() + ": classes " + Arrays.toString(classes) + ", expected " + Arrays.toString(request.classes());
        }
        // Arrays.equals on float[] compares floatToIntBits: exactly the same bits.
        if (!Arrays.equals(outputs, request.outputs())) {
            return request.name() + ": probabilities differ from the in-process prediction";
        }
        return null;
    }

    private static String errorProblem(PlannedRequest request, byte[] body) throws IOException {
        String message = null;
        try (JsonParser p = JsonRows.FACTORY.createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("error")) {
                    message = p.getText();
                }
            }
        }
        if (message == null || message.isBlank() || message.contains("\n")) {
            return request.name() + ": no one-line error message in the body";
        }
        if (!message.contains(request.messagePart())) {
            return request.name() + ": error '" + message + "' does not mention '" + request.messagePart() + "'";
        }
        return null;
    }
}
