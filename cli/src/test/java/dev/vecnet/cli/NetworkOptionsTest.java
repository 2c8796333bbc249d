package dev.vecnet.cli;

import dev.vecnet.nn.Architecture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's reading of {@code --arch}: usage errors in the grammar's words, and the fit to the data. */
class NetworkOptionsTest {

    @Test
    void aMalformedArchitectureIsAUsageErrorNamingTheToken() {
        UsageException e = assertThrows(UsageException.class, () -> NetworkOptions.parse("4-12foo-3"));
        assertTrue(e.getMessage().contains("bad token '12foo'"), e.getMessage());
    }

    @Test
    void checksTheSpecAgainstTheData() {
        Architecture spec = Architecture.parse("32-128relu-10");
        UsageException inputs = assertThrows(UsageException.class,
                () -> NetworkOptions.requireFits(spec, "digits", 64, 10));
        assertTrue(inputs.getMessage().contains("start the spec with 64"), inputs.getMessage());
        UsageException classes = assertThrows(UsageException.class,
                () -> NetworkOptions.requireFits(Architecture.parse("64-128relu-3"), "digits", 64, 10));
        assertTrue(classes.getMessage().contains("end the spec with 10"), classes.getMessage());
    }
}
