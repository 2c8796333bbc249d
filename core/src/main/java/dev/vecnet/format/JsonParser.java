package dev.vecnet.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser (RFC 8259) for safetensors headers and the architecture they carry. The
 * library has no runtime dependencies, so it carries its own. It offers three ways to read a text, all
 * over one lexer, so they accept exactly the same grammar:
 *
 * <ul>
 * <li>{@link #validate}: checks the syntax of the whole text and allocates nothing (strings are scanned,
 *     not built), so a header's syntax errors are reported before anything is materialised from it;</li>
 * <li>{@link #parse(String, int, int, String)}: builds a tree of values, at most {@code maxValues} of them
 *     (every value and every object key counts one), so the tree's size is bounded by the caller, not by
 *     the text;</li>
 * <li>{@link #reader}: a pull reader ({@link #beginObject}, {@link #nextMember}, {@link #key}, ...) with
 *     which a caller reads a known layout straight into its own compact structures.</li>
 * </ul>
 *
 * <p>Tree values map to: object {@code Map<String, Object>} (insertion order, unmodifiable), array
 * {@code List<Object>}, string {@code String}, number {@link JsonNumber} (the exact source text, see
 * {@link JsonNumber#text()}), {@code true}/{@code false} {@code Boolean}, {@code null} {@link #NULL}.
 *
 * <p>Rejects, with a {@link ModelFormatException} naming the character offset: duplicate keys (in trees;
 * a pull reader's caller checks its own), trailing content, nesting deeper than {@link #MAX_DEPTH}, input
 * longer than the caller's limit, invalid escapes, unpaired surrogates, control characters in strings,
 * leading zeros, and anything else outside the grammar. The static methods are thread-safe; a pull
 * reader is confined to one thread.
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
    /** No expected strings: every string read is a new copy. */
    private static final String[] NONE = {};
    /** What error messages of the two-argument entry points call the text. */
    private static final String HEADER = "JSON header";

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
    private final String source;
    private int pos;
    private int depth;
    /** Pull reading: the innermost open container has yielded no element yet. */
    private boolean first;
    /** Tree building: values and keys that may still be created. */
    private long valuesLeft;
    /** Where the last number token began (its end is {@code pos}). */
    private int numberStart;

    private JsonParser(String s, String source, long maxValues) {
        this.s = s;
        this.source = source;
        this.valuesLeft = maxValues;
    }

    /**
     * Parses one JSON value that must span all of {@code text}, with no bound on the number of values
     * but the text's length; errors are reported as in a "JSON header".
     *
     * @param text      the JSON text; the value must span all of it (surrounding whitespace allowed)
     * @param maxLength longest input accepted, in chars
     * @return the value, as {@link #parse(String, int, int, String)} returns it
     * @throws ModelFormatException if the text is longer than maxLength, nests deeper than {@link #MAX_DEPTH}, or is
     *         not valid JSON (the message names the character offset)
     */
    public static Object parse(String text, int maxLength) throws ModelFormatException {
        return parse(text, maxLength, Integer.MAX_VALUE, HEADER);
    }

    /**
     * Parses one JSON value that must span all of {@code text} into a tree of at most {@code maxValues}
     * values and keys. A tree costs a few dozen bytes per value, so the bound is what limits the memory a
     * hostile text of many tiny values ({@code [0,0,0,...]}, {@code [{},{},...]}) can take.
     *
     * @param text      the JSON text; the value must span all of it (surrounding whitespace allowed)
     * @param maxLength longest input accepted, in chars
     * @param maxValues most values and object keys the tree may hold; the text is refused at the first one beyond
     * @param source    what error messages call the text, for example "JSON header"
     * @return the value: a {@code Map<String, Object>} (insertion order), {@code List<Object>}, {@code String},
     *         {@link JsonNumber}, {@code Boolean} or {@link #NULL}
     * @throws ModelFormatException if the text is longer than maxLength, holds more than maxValues values, nests
     *         deeper than {@link #MAX_DEPTH}, or is not valid JSON (the message names the character offset)
     */
    public static Object parse(String text, int maxLength, int maxValues, String source) throws ModelFormatException {
        JsonParser p = start(text, maxLength, maxValues, source);
        Object value = p.value(true);
        p.end();
        return value;
    }

    /**
     * Checks that {@code text} is one JSON value and nothing else, allocating nothing unless it fails.
     * Duplicate keys are not detected here (that needs the keys).
     *
     * @param text      the JSON text; the value must span all of it (surrounding whitespace allowed)
     * @param maxLength longest input accepted, in chars
     * @throws ModelFormatException if the text is longer than maxLength, nests deeper than {@link #MAX_DEPTH}, or is
     *         not valid JSON (the message names the character offset)
     */
    public static void validate(String text, int maxLength) throws ModelFormatException {
        JsonParser p = start(text, maxLength, 0, HEADER);
        p.value(false);
        p.end();
    }

    /**
     * A pull reader positioned before the first value of {@code text}. Meant for text that
     * {@link #validate} accepted, so that syntax errors have already been reported; the reader still
     * checks everything it reads.
     *
     * @param text the JSON text
     * @return a new reader; confined to one thread
     */
    public static JsonParser reader(String text) {
        return new JsonParser(text, HEADER, 0);
    }

    private static JsonParser start(String text, int maxLength, int maxValues, String source) throws ModelFormatException {
        if (text.length() > maxLength) {
            throw new ModelFormatException(source + " of " + text.length() + " chars exceeds the limit of " + maxLength);
        }
        return new JsonParser(text, source, maxValues);
    }

    // ---- pull reading

    /**
     * The first character of the next token, after whitespace, without consuming it.
     *
     * @return {@code '{'}, {@code '['}, {@code '"'}, {@code 't'}, {@code 'f'}, {@code 'n'}, {@code '-'} or a
     *         digit for a value; another character where the grammar has none; -1 at the end of the text
     */
    public int peekToken() {
        skipWhitespace();
        return peek();
    }

    /**
     * Whether the next token starts a number.
     *
     * @return true when the next character, after whitespace, is {@code '-'} or a digit
     */
    public boolean atNumber() {
        int c = peekToken();
        return c == '-' || isDigit(c);
    }

    /**
     * The character offset of the next token, for error messages that point at it.
     *
     * @return the offset in the text, after whitespace
     */
    public int position() {
        skipWhitespace();
        return pos;
    }

    /**
     * Consumes the {@code '{'} that opens an object.
     *
     * @throws ModelFormatException if the next token is not {@code '{'} or the object nests too deep
     */
    public void beginObject() throws ModelFormatException {
        open('{');
    }

    /**
     * Consumes the {@code '['} that opens an array.
     *
     * @throws ModelFormatException if the next token is not {@code '['} or the array nests too deep
     */
    public void beginArray() throws ModelFormatException {
        open('[');
    }

    /**
     * Moves to the next member of the innermost open object: true when there is one (read it with
     * {@link #key} and then its value), false when the object closed (its {@code '}'} consumed).
     *
     * @return whether another member follows
     * @throws ModelFormatException if neither {@code ','} nor {@code '}'} follows the previous member
     */
    public boolean nextMember() throws ModelFormatException {
        return next('}', "expected ',' or '}' in object");
    }

    /**
     * Moves to the next element of the innermost open array: true when there is one, false when the
     * array closed (its {@code ']'} consumed).
     *
     * @return whether another element follows
     * @throws ModelFormatException if neither {@code ','} nor {@code ']'} follows the previous element
     */
    public boolean nextElement() throws ModelFormatException {
        return next(']', "expected ',' or ']' in array");
    }

    /**
     * Reads an object member's key and the {@code ':'} after it.
     *
     * @return the key, unescaped
     * @throws ModelFormatException if no string key and colon come next
     */
    public String key() throws ModelFormatException {
        return key(NONE);
    }

    /**
     * Reads an object member's key and the {@code ':'} after it.
     *
     * @param known keys the caller expects; one of them that comes unescaped is returned itself, not a new copy
     * @return the key, unescaped
     * @throws ModelFormatException if no string key and colon come next
     */
    public String key(String... known) throws ModelFormatException {
        skipWhitespace();
        if (peek() != '"') {
            throw error("expected a string key");
        }
        String key = string(true, known);
        skipWhitespace();
        expect(':');
        return key;
    }

    /**
     * Reads a string value.
     *
     * @return the string, unescaped
     * @throws ModelFormatException if no valid string comes next
     */
    public String string() throws ModelFormatException {
        return string(NONE);
    }

    /**
     * Reads a string value.
     *
     * @param known values the caller expects; one of them that comes unescaped is returned itself, not a new copy
     * @return the string, unescaped
     * @throws ModelFormatException if no valid string comes next
     */
    public String string(String... known) throws ModelFormatException {
        skipWhitespace();
        if (peek() != '"') {
            throw error("expected a string");
        }
        return string(true, known);
    }

    /**
     * Reads a number that should be an integer in {@code [0, Long.MAX_VALUE]}, without allocating.
     *
     * @return the integer, or -1 when the number is negative, has a fraction or an exponent, or exceeds
     *         {@link Long#MAX_VALUE} ({@link #lastNumber()} then gives its text)
     * @throws ModelFormatException if no number comes next
     */
    public long naturalNumber() throws ModelFormatException {
        skipWhitespace();
        scanNumber();
        int start = numberStart;
        // A long has at most 19 digits, and JSON has no leading zeros: a longer integer cannot fit.
        if (pos - start > 19) {
            return -1;
        }
        long x = 0;
        for (int i = start; i < pos; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            x = 10 * x + (c - '0');
            if (x < 0) {
                return -1;
            }
        }
        return x;
    }

    /**
     * The text of the last number read, as error messages quote it ({@link #excerpt}).
     *
     * @return the number's source text, abbreviated when long
     */
    public String lastNumber() {
        return excerpt(s, numberStart, pos);
    }

    /**
     * Checks that only whitespace follows the value read.
     *
     * @throws ModelFormatException if anything else follows
     */
    public void end() throws ModelFormatException {
        skipWhitespace();
        if (pos != s.length()) {
            throw error("trailing content after the JSON value");
        }
    }

    /**
     * An exception for a defect found at character {@code at}, in this parser's words.
     *
     * @param at   the character offset of the defect
     * @param what what is wrong
     * @return the exception, to be thrown by the caller
     */
    public ModelFormatException errorAt(int at, String what) {
        return new ModelFormatException(source + ": " + what + " at char " + at);
    }

    // ---- the grammar, shared by all three ways of reading

    /** One value; built when {@code build}, else only checked (and null returned). */
    private Object value(boolean build) throws ModelFormatException {
        skipWhitespace();
        if (build && valuesLeft-- <= 0) {
            throw error("more values than the limit");
        }
        int c = peek();
        switch (c) {
            case '{':
                return object(build);
            case '[':
                return array(build);
            case '"':
                return string(build, NONE);
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return NULL;
            case -1:
                throw error("unexpected end of input");
            default:
                if (c == '-' || isDigit(c)) {
                    scanNumber();
                    return build ? new JsonNumber(s.substring(numberStart, pos)) : null;
                }
                throw error("unexpected character '" + printable((char) c) + "'");
        }
    }

    private Map<String, Object> object(boolean build) throws ModelFormatException {
        beginObject();
        Map<String, Object> map = build ? new LinkedHashMap<>() : null;
        while (nextMember()) {
            int keyAt = position();
            String key = build ? key() : skipKey();
            if (build && valuesLeft-- <= 0) {
                throw errorAt(keyAt, "more values than the limit");
            }
            Object v = value(build);
            if (build && map.putIfAbsent(key, v) != null) {
                throw errorAt(keyAt, "duplicate key \"" + excerpt(key) + "\"");
            }
        }
        return build ? Collections.unmodifiableMap(map) : null;
    }

    private List<Object> array(boolean build) throws ModelFormatException {
        beginArray();
        List<Object> list = build ? new ArrayList<>() : null;
        while (nextElement()) {
            Object v = value(build);
            if (build) {
                list.add(v);
            }
        }
        return build ? Collections.unmodifiableList(list) : null;
    }

    /** A key checked but not built. */
    private String skipKey() throws ModelFormatException {
        skipWhitespace();
        if (peek() != '"') {
            throw error("expected a string key");
        }
        string(false, NONE);
        skipWhitespace();
        expect(':');
        return null;
    }

    private void open(char c) throws ModelFormatException {
        skipWhitespace();
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        if (depth + 1 > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        pos++;
        depth++;
        first = true;
    }

    private boolean next(char close, String expected) throws ModelFormatException {
        skipWhitespace();
        if (peek() == close) {
            pos++;
            depth--;
            // The enclosing container, if any, has just read this one as an element.
            first = false;
            return false;
        }
        if (!first) {
            if (peek() != ',') {
                throw error(peek() == -1 ? "unexpected end of input" : expected);
            }
            pos++;
        }
        first = false;
        return true;
    }

    /**
     * A string at {@code pos} (the opening quote); returns it when {@code build}, else null. A string
     * without escapes or surrogates is one substring, or one of {@code known} without a copy; otherwise
     * the builder is sized once, from the raw span, so that a long string costs its length twice and not
     * the sum of a doubling builder's copies.
     */
    private String string(boolean build, String... known) throws ModelFormatException {
        int start = ++pos;
        int end = start;
        while (end < s.length()) {
            char c = s.charAt(end);
            if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                break;
            }
            end++;
        }
        if (end < s.length() && s.charAt(end) == '"') {
            pos = end + 1;
            if (!build) {
                return null;
            }
            for (String k : known) {
                if (k.length() == end - start && s.startsWith(k, start)) {
                    return k;
                }
            }
            return s.substring(start, end);
        }
        StringBuilder sb = build ? new StringBuilder(rawLength(start)) : null;
        while (true) {
            char c = nextChar();
            if (c == '"') {
                return build ? sb.toString() : null;
            }
            if (c < 0x20) {
                pos--;
                throw error("unescaped control character in string");
            }
            if (Character.isLowSurrogate(c)) {
                pos--;
                throw error("unpaired surrogate in string");
            }
            char out;
            char low = 0;
            if (c == '\\') {
                char e = nextChar();
                switch (e) {
                    case '"': out = '"'; break;
                    case '\\': out = '\\'; break;
                    case '/': out = '/'; break;
                    case 'b': out = '\b'; break;
                    case 'f': out = '\f'; break;
                    case 'n': out = '\n'; break;
                    case 'r': out = '\r'; break;
                    case 't': out = '\t'; break;
                    case 'u':
                        out = hex4();
                        if (Character.isHighSurrogate(out)) {
                            if (pos + 1 < s.length() && s.charAt(pos) == '\\' && s.charAt(pos + 1) == 'u') {
                                pos += 2;
                                low = hex4();
                                if (!Character.isLowSurrogate(low)) {
                                    throw error("unpaired surrogate escape");
                                }
                            } else {
                                throw error("unpaired surrogate escape");
                            }
                        } else if (Character.isLowSurrogate(out)) {
                            throw error("unpaired surrogate escape");
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
                out = c;
                low = s.charAt(pos++);
            } else {
                out = c;
            }
            if (build) {
                sb.append(out);
                if (low != 0) {
                    sb.append(low);
                }
            }
        }
    }

    /** Chars from {@code start} to the closing quote (escapes skipped over), or to the end of the text. */
    private int rawLength(int start) {
        int i = start;
        while (i < s.length() && s.charAt(i) != '"') {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i, s.length()) - start;
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

    /** Checks the number token at {@code pos} and moves past it; it spans {@code numberStart..pos}. */
    private void scanNumber() throws ModelFormatException {
        numberStart = pos;
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

    private void expect(char c) throws ModelFormatException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private int peek() {
        return pos < s.length() ? s.charAt(pos) : -1;
    }

    private char nextChar() throws ModelFormatException {
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
        return errorAt(pos, what);
    }

    /**
     * {@code text} as error messages quote text from a file: whole when it is short, else its first 64
     * chars and its length, so that a hostile name or number does not make a message as long as the file.
     *
     * @param text the text to quote
     * @return text itself when at most 80 chars long, else an abbreviation
     */
    public static String excerpt(String text) {
        return excerpt(text, 0, text.length());
    }

    private static String excerpt(String text, int start, int end) {
        return end - start <= 80 ? text.substring(start, end) : text.substring(start, start + 64) + "... (" + (end - start)
                + " chars)";
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
