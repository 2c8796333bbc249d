package dev.vecnet.format;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model files never go through Java serialization: no source of the package mentions it. */
class NoJavaSerializationTest {

    @Test
    void formatSourcesUseNoObjectStreams() throws IOException {
        Path dir = Path.of("src", "main", "java", "dev", "vecnet", "format");
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
        assertTrue(sources.size() >= 8, "sources not found under " + dir.toAbsolutePath());
        List<String> offenders = sources.stream().filter(p -> {
            try {
                String s = Files.readString(p);
                return s.contains("ObjectInputStream") || s.contains("ObjectOutputStream") || s.contains("readObject");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).map(Path::toString).collect(Collectors.toList());
        assertEquals(List.of(), offenders);
    }
}
