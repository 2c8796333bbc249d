package dev.vecnet.cli;

import dev.vecnet.format.ModelFile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vecnet --version} and {@code vecnet info} print the version the build wrote. */
class VersionOptionTest {

    @Test
    void versionOptionPrintsTheLibraryVersion() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.status(), run.all());
        assertEquals("vecnet " + ModelFile.LIBRARY_VERSION, run.out().strip(), run.all());
    }

    @Test
    void infoPrintsTheLibraryVersion() {
        CliRun run = CliRun.of("info");
        assertEquals(0, run.status(), run.all());
        assertTrue(run.out().contains("vecnet   " + ModelFile.LIBRARY_VERSION), run.out());
    }
}
