package dev.vecnet.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Reads vecnet's version from the class-path resource {@value #RESOURCE}, which the Maven build
 * writes from the pom's {@code project.version} (resource filtering), so the version is defined only in
 * pom.xml. {@link ModelFile#LIBRARY_VERSION} reads it once, when that class is initialised.
 */
final class LibraryVersion {
    /** The resource holding {@code version=<project.version>}. */
    static final String RESOURCE = "/dev/vecnet/version.properties";

    private LibraryVersion() {
    }

    /**
     * Reads the version from {@link #RESOURCE}.
     *
     * @return the Maven project version the library was built as, for example {@code 0.1.0-SNAPSHOT}
     * @throws IllegalStateException if the resource is missing or unreadable, has no {@code version}, or still
     *         holds the unfiltered placeholder (a build that copied resources without Maven's filtering)
     */
    static String read() {
        return read(RESOURCE);
    }

    /**
     * Reads the {@code version} property of a class-path resource; {@link #read()} with the name as a
     * parameter, so that tests can point it at broken resources.
     *
     * @param resource absolute class-path name of a properties resource, starting with {@code /}
     * @return the trimmed, non-empty value of its {@code version} property
     * @throws IllegalStateException if the resource is missing or unreadable, has no non-empty
     *         {@code version}, or its value is an unfiltered {@code ${...}} placeholder
     */
    static String read(String resource) {
        Properties properties = new Properties();
        try (InputStream in = LibraryVersion.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("vecnet's version resource " + resource
                        + " is not on the class path; build the library with Maven (it writes that file)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read vecnet's version resource " + resource + ": " + e, e);
        }
        String version = properties.getProperty("version", "").trim();
        if (version.isEmpty() || version.contains("${")) {
            throw new IllegalStateException("vecnet's version resource " + resource + " holds no version ('"
                    + version + "'): it was copied without Maven's resource filtering");
        }
        return version;
    }
}
