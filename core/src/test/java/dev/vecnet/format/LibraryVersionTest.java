package dev.vecnet.format;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The version is defined once, in pom.xml: the run-time value, bench/pom.xml and bench/spark/pom.xml must agree
 * with it. The pom passes its {@code project.version} and the paths of the two bench poms to surefire as system
 * properties.
 */
class LibraryVersionTest {

    private static String expectedVersion() {
        String expected = System.getProperty("vecnet.expectedVersion");
        assertNotNull(expected, "system property vecnet.expectedVersion is unset: run the tests through Maven");
        return expected;
    }

    @Test
    void runTimeVersionIsThePomVersion() {
        assertEquals(expectedVersion(), ModelFile.LIBRARY_VERSION);
    }

    @Test
    void benchPomHasThePomVersion() throws Exception {
        assertPomHasThePomVersion("vecnet.benchPom", "bench/pom.xml");
    }

    @Test
    void benchSparkPomHasThePomVersion() throws Exception {
        assertPomHasThePomVersion("vecnet.benchSparkPom", "bench/spark/pom.xml");
    }

    /** The {@code <version>} of the pom whose path is in system property {@code property} is the pom version. */
    private static void assertPomHasThePomVersion(String property, String name) throws Exception {
        String pom = System.getProperty(property);
        assertNotNull(pom, "system property " + property + " is unset: run the tests through Maven");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of(pom).toFile());
        assertEquals(expectedVersion(), childText(doc.getDocumentElement(), "version"),
                name + "'s <version> must equal pom.xml's (it depends on ${project.version})");
    }

    @Test
    void missingResourceFailsNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LibraryVersion.read("/dev/vecnet/format/no-such-version.properties"));
        assertTrue(e.getMessage().contains("/dev/vecnet/format/no-such-version.properties"), e.getMessage());
    }

    @Test
    void unfilteredPlaceholderIsRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LibraryVersion.read("/dev/vecnet/format/unfiltered-version.properties"));
        assertTrue(e.getMessage().contains("filtering"), e.getMessage());
    }

    private static String childText(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child && child.getTagName().equals(name)) {
                return child.getTextContent().trim();
            }
        }
        return null;
    }
}
