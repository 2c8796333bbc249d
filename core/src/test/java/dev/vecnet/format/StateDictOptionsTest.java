package dev.vecnet.format;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link StateDictOptions} maps file names to network names, and what it refuses. */
class StateDictOptionsTest {

    @Test
    void defaultsTakeNamesAsTheyAre() {
        StateDictOptions d = StateDictOptions.defaults();
        assertEquals("fc1.weight", d.networkName("fc1.weight"));
        assertFalse(d.allowNonFinite());
        assertEquals(LoadOptions.DEFAULT_MAX_BYTES, d.maxBytes());
    }

    @Test
    void theLongestModulePrefixWins() {
        StateDictOptions o = StateDictOptions.defaults()
                .withModuleNames(Map.of("fc1", "0", "encoder", "", "encoder.fc2", "4", "bn", "1"));
        assertEquals("0.weight", o.networkName("fc1.weight"));
        assertEquals("fc10.weight", o.networkName("fc10.weight"), "a prefix matches whole module names only");
        assertEquals("4.bias", o.networkName("encoder.fc2.bias"));
        assertEquals("3.weight", o.networkName("encoder.3.weight"), "an empty value drops the prefix");
        assertEquals("1.running_var", o.networkName("bn.running_var"));
        assertEquals("bn", o.networkName("bn"), "a name without the dot is no tensor of the module");
    }

    @Test
    void renameRunsFirstAndNullLeavesTheTensorOut() {
        StateDictOptions o = StateDictOptions.defaults().withModuleNames(Map.of("fc1", "0"))
                .withRename(n -> n.startsWith("aux.") ? null : n.replaceFirst("^module\\.", ""));
        assertEquals("0.weight", o.networkName("module.fc1.weight"));
        assertNull(o.networkName("aux.head.weight"));
    }

    @Test
    void badModuleNamesAreRefused() {
        StateDictOptions d = StateDictOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withModuleNames(Map.of("", "0")));
        assertThrows(IllegalArgumentException.class, () -> d.withModuleNames(Map.of("fc1.", "0")));
        assertThrows(IllegalArgumentException.class, () -> d.withModuleNames(Map.of("fc1", ".0")));
        assertThrows(NullPointerException.class, () -> d.withModuleNames(Collections.singletonMap("fc1", null)));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxBytes(7));
    }

    @Test
    void optionsAreImmutable() {
        Map<String, String> names = new HashMap<>(Map.of("fc1", "0"));
        StateDictOptions o = StateDictOptions.defaults().withModuleNames(names);
        names.put("fc2", "1");
        assertEquals(Map.of("fc1", "0"), o.moduleNames());
        assertThrows(UnsupportedOperationException.class, () -> o.moduleNames().put("x", "y"));
        assertTrue(o.withAllowNonFinite(true).allowNonFinite());
        assertFalse(o.allowNonFinite());
        assertTrue(StateDictOptions.defaults().moduleNames().isEmpty());
    }
}
