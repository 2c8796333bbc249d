package dev.vecnet.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser (RFC 8259) for safetensors headers. The library has no runtime
 * dependencies, so it carries its own.
 *
 * <p>Values map to: object {@code Map<String, Object>} (insertion order, unmodifiable), array
 * {@code List<Object>}, string {@code String}, number {@link JsonNumber} (the exact source text, see
 * {@link JsonNumber#text()}), {@code true}/{@code false} {@code Boolean}, {@code null} {@link #NULL}.
 *
 * <p>Rejects, with a {@link ModelFormatException} naming the character offset: duplicate keys,
 * trailing content, nesting deeper than {@link #MAX_DEPTH}, input longer than the caller's limit,
 * invalid escapes, unpaired surrogates, control characters in strings, leading zeros, and anything
 * else outside the grammar. Stateless; thread-safe.
 */
final class JsonParser {
    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 64;
    /** The value of a JSON {@code null}. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /**
     * A JSON number, kept as its source text so that callers choose the exact conversion.
     *
     * @param text the number exactly as written in the JSON source
     */
    public record JsonNumber(String text) {
        /**
         * The value as a long, or an exception when it is not an integer in range.
         *
         * @return the number as a long
         * @throws ModelFormatException if the text is not an integer or does not fit in a long
         */
        public long longValue() throws ModelFormatException {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new ModelFormatException("expected an integer, got " + text);
            }
        }
    }

    private final String s;
    private int pos;

    private JsonParser(String s) {
        this.s = s;
    }

    /**
     * Parses one JSON value that must span all of {@code text}.
     *
     * @param text      the JSON text; the value must span all of it (surrounding whitespace allowed)
     * @param maxLength longest input accepted, in chars
     * @return the value: a {@code Map<String, Object>} (insertion order), {@code List<Object>}, {@code String},
     *         {@link JsonNumber}, {@code Boolean} or {@link #NULL}
     * @throws ModelFormatException if the text is longer than maxLength, nests deeper than {@link #MAX_DEPTH}, or is
     *         not valid JSON (the message names the character offset)
     */
    public static Object parse(String text, int maxLength) throws ModelFormatException {
        if (text.length() > maxLength) {
            throw new ModelFormatException("JSON text of " + text.length() + " chars exceeds the limit of " + maxLength);
        }
        JsonParser p = new JsonParser(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("trailing content after the JSON value");
        }
        return value;
    }

    private Object value(int depth) throws ModelFormatException {
        if (pos >= s.length()) {
            throw error("unexpected end of input");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + printable(c) + "'");
        }
    }

    private Map<String, Object> object(int depth) throws ModelFormatException {
        checkDepth(depth);
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth);
            if (map.putIfAbsent(key, v) != null) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            char c = next();
            if (c == '}') {
                return Collections.unmodifiableMap(map);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in object");
            }
        }
    }

    private List<Object> array(int depth) throws ModelFormatException {
        checkDepth(depth);
        pos++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth));
            skipWhitespace();
            char c = next();
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in array");
            }
        }
    }

    private String string() throws ModelFormatException {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("unescaped control character in string");
            }
            if (Character.isLowSurrogate(c)) {
                pos--;
                throw error("unpaired surrogate in string");
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case '"': sb.append('"'); break;
                    case '\\': sb.append('\\'); break;
                    case '/': sb.append('/'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'n': sb.append('\n'); break;
                    case 'r': sb.append('\r'); break;
                    case 't': sb.append('\t'); break;
                    case 'u':
                        char u = hex4();
                        if (Character.isHighSurrogate(u)) {
                            if (pos + 1 < s.length() && s.charAt(pos) == '\\' && s.charAt(pos + 1) == 'u') {
                                pos += 2;
                                char low = hex4();
                                if (!Character.isLowSurrogate(low)) {
                                    throw error("unpaired surrogate escape");
                                }
                                sb.append(u).append(low);
                            } else {
                                throw error("unpaired surrogate escape");
                            }
                        } else if (Character.isLowSurrogate(u)) {
                            throw error("unpaired surrogate escape");
                        } else {
                            sb.append(u);
                        }
                        break;
                    default:
                        pos--;
                        throw error("invalid escape '\\" + printable(e) + "'");
                }
            } else if (Character.isHighSurrogate(c)) {
                if (pos >= s.length() || !Character.isLowSurrogate(s.charAt(pos))) {
                    throw error("unpaired surrogate in string");
                }
                sb.append(c).append(s.charAt(pos++));
            } else {
                sb.append(c);
            }
        }
    }

    private char hex4() throws ModelFormatException {
        if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos), 16);
            if (d < 0 || s.charAt(pos) > 'f') {
                throw error("invalid hex digit in \\u escape");
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    private JsonNumber number() throws ModelFormatException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in exponent");
            }
            digits();
        }
        return new JsonNumber(s.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) throws ModelFormatException {
        if (!s.startsWith(word, pos)) {
            throw error("invalid literal, expected " + word);
        }
        pos += word.length();
    }

    private void checkDepth(int depth) throws ModelFormatException {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
    }

    private void expect(char c) throws ModelFormatException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private int peek() {
        return pos < s.length() ? s.charAt(pos) : -1;
    }

    private char next() throws ModelFormatException {
        if (pos >= s.length()) {
            throw error("unexpected end of input");
        }
        return s.charAt(pos++);
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private ModelFormatException error(String what) {
        return new ModelFormatException("JSON header: " + what + " at char " + pos);
    }

    /**
     * Writes {@code value} as a JSON string literal, escaping quotes, backslashes and control characters.
     *
     * @param value the string to quote; not null
     * @return the JSON string literal, with the surrounding quotes
     */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
