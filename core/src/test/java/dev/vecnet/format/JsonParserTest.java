package dev.vecnet.format;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict JSON parser accepts the grammar and nothing else. */
class JsonParserTest {

    private static Object parse(String s) throws ModelFormatException {
        return JsonParser.parse(s, 1 << 20);
    }

    @Test
    void parsesEveryKindOfValue() throws Exception {
        Object v = parse(" {\"a\": [1, -2.5e3, 0, true, false, null], \"b\\n\\u00e9\\ud83d\\ude00\": {}, \"c\": \"\\\"\\\\\\/\\b\\f\\r\\t\"} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b\n\u00e9\ud83d\ude00", "c"), List.copyOf(m.keySet()));
        List<?> a = (List<?>) m.get("a");
        assertEquals(new JsonParser.JsonNumber("-2.5e3"), a.get(1));
        assertEquals(Boolean.TRUE, a.get(3));
        assertSame(JsonParser.NULL, a.get(5));
        assertEquals("\"\\/\b\f\r\t", m.get("c"));
        assertEquals(List.of(), parse("[]"));
    }

    @Test
    void rejectsWhatTheGrammarForbids() {
        String[] bad = {"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "01", "-", "1.", "1e", "+1", ".5",
            "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00x\"", "\"a\u0001\"", "tru", "nul", "[1 2]", "{} {}",
            "{\"a\":1,\"a\":2}", "NaN", "Infinity", "[" .repeat(65) + "]".repeat(65), "'a'", "\"\\u00g0\""};
        for (String s : bad) {
            assertThrows(ModelFormatException.class, () -> parse(s), s);
        }
        assertThrows(ModelFormatException.class, () -> JsonParser.parse("[1, 2]", 5));
    }

    @Test
    void acceptsNestingUpToTheLimit() throws Exception {
        parse("[".repeat(JsonParser.MAX_DEPTH) + "]".repeat(JsonParser.MAX_DEPTH));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> parse("{\"a\":".repeat(JsonParser.MAX_DEPTH + 1) + "1" + "}".repeat(JsonParser.MAX_DEPTH + 1)));
        assertTrue(e.getMessage().contains("nesting"));
    }

    @Property(tries = 2000)
    void quotedStringsParseBack(@ForAll String s) throws Exception {
        boolean wellFormed = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                wellFormed = false;
            }
        }
        if (wellFormed) {
            assertEquals(s, parse(JsonParser.quote(s)));
        } else {
            assertThrows(ModelFormatException.class, () -> parse(JsonParser.quote(s)));
        }
    }

    @Property(tries = 3000)
    void randomTextIsParsedOrRejectedWithTheOneException(@ForAll String s) {
        try {
            parse(s);
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage().startsWith("JSON header: "));
        }
    }
}
