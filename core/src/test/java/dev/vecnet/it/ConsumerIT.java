package dev.vecnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged jar as a consumer project meets it: {@code src/it/consumer} (a product, a network, a
 * prediction, a shipped data set through the public API) is compiled against {@code target/vecnet-VERSION.jar} and run, on
 * the class path and on the module path (where vecnet is the module {@code dev.vecnet}), with
 * {@code --add-modules jdk.incubator.vector} and without it (the scalar path, one warning), on every JDK
 * found: the one running the build, JDK 17 and JDK 25 at their Debian/Temurin locations, and any listed
 * in {@code -Dvecnet.it.jdks=DIR,DIR}. The consumer compiles with {@code -Werror}: no warning from vecnet's
 * module descriptor. On the module path vecnet must be the explicit module {@code dev.vecnet}
 * (its module-info, not an automatic module) and read its own resources (a data set, its version).
 * {@code src/it/internals}, which uses package-private classes, must not compile on either path. Runs in
 * {@code verify} (failsafe), after the jar exists.
 */
class ConsumerIT {
    private static final Path CONSUMER = Path.of("src", "it", "consumer", "src");
    private static final Path INTERNALS = Path.of("src", "it", "internals", "src");

    /** JDK homes to try: this one, the usual JDK 17 and 25 locations, and -Dvecnet.it.jdks. */
    static Stream<Arguments> jdksAndPaths() {
        Set<Path> homes = new LinkedHashSet<>();
        homes.add(Path.of(System.getProperty("java.home")));
        homes.add(Path.of("/usr/lib/jvm/java-17-openjdk-amd64"));
        homes.add(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
        String extra = System.getProperty("vecnet.it.jdks", "");
        for (String dir : extra.split(",")) {
            if (!dir.isBlank()) {
                homes.add(Path.of(dir.trim()));
            }
        }
        List<Arguments> cases = new ArrayList<>();
        for (Path home : homes) {
            if (Files.isExecutable(home.resolve("bin").resolve("javac"))) {
                for (boolean modulePath : new boolean[] {false, true}) {
                    for (boolean vectorModule : new boolean[] {true, false}) {
                        cases.add(Arguments.of(home, modulePath, vectorModule));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, module path {1}, --add-modules jdk.incubator.vector {2}")
    @MethodSource("jdksAndPaths")
    void aConsumerCompilesAndRuns(Path jdk, boolean modulePath, boolean vectorModule, @TempDir Path work)
            throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("vecnet.jar", "target/missing.jar"));
        assumeTrue(Files.isRegularFile(jar), "no packaged jar at " + jar + " (run through mvn verify)");
        Path classes = work.resolve("classes");
        // -Werror: building against vecnet must not cost a consumer a warning. A module-info that named the
        // incubator module jdk.incubator.vector would give every consumer module one, on JDK 17 unsuppressible.
        List<String> javac = new ArrayList<>(List.of(jdk.resolve("bin/javac").toString(), "-Werror",
                "-d", classes.toString()));
        javac.addAll(List.of(modulePath ? "--module-path" : "-cp", jar.toString()));
        javac.add(CONSUMER.resolve("consumer/Main.java").toString());
        if (modulePath) {
            javac.add(CONSUMER.resolve("module-info.java").toString());
        }
        Result compiled = run(javac);
        assertEquals(0, compiled.exit, () -> "javac failed:\n" + compiled.output);

        List<String> java = new ArrayList<>(List.of(jdk.resolve("bin/java").toString()));
        if (vectorModule) {
            java.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        if (modulePath) {
            java.addAll(List.of("--module-path", jar + File.pathSeparator + classes, "-m", "consumer/consumer.Main"));
        } else {
            java.addAll(List.of("-cp", jar + File.pathSeparator + classes, "consumer.Main"));
        }
        Result ran = run(java);
        assertEquals(0, ran.exit, () -> "the consumer failed:\n" + ran.output);
        assertTrue(ran.output.contains("consumer ok: " + (vectorModule ? "vector" : "scalar")), ran.output);
        assertTrue(ran.output.contains("vecnet module: " + (modulePath ? "dev.vecnet (explicit)" : "unnamed")),
                ran.output);
        if (!vectorModule) {
            assertTrue(ran.output.contains("--add-modules jdk.incubator.vector"),
                    "the scalar path names the flag that enables SIMD:\n" + ran.output);
        }
    }

    /** JDK homes (one per JDK), each with class path and module path. */
    static Stream<Arguments> jdksAndClassOrModulePath() {
        return jdksAndPaths().filter(a -> (boolean) a.get()[2]).map(a -> Arguments.of(a.get()[0], a.get()[1]));
    }

    /**
     * {@code src/it/internals} uses a package-private class of {@code dev.vecnet.format} and one of
     * {@code dev.vecnet.train}: javac must refuse both, and accept its use of the public {@code Network}.
     */
    @ParameterizedTest(name = "{0}, module path {1}")
    @MethodSource("jdksAndClassOrModulePath")
    void internalsDoNotCompile(Path jdk, boolean modulePath, @TempDir Path work)
            throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("vecnet.jar", "target/missing.jar"));
        assumeTrue(Files.isRegularFile(jar), "no packaged jar at " + jar + " (run through mvn verify)");
        List<String> javac = new ArrayList<>(List.of(jdk.resolve("bin/javac").toString(),
                "-d", work.resolve("classes").toString(), modulePath ? "--module-path" : "-cp", jar.toString()));
        javac.add(INTERNALS.resolve("internals/UsesInternals.java").toString());
        if (modulePath) {
            javac.add(INTERNALS.resolve("module-info.java").toString());
        }
        Result compiled = run(javac);
        assertTrue(compiled.exit != 0, () -> "javac accepted the use of internals:\n" + compiled.output);
        assertTrue(compiled.output.contains("JsonParser is not public in dev.vecnet.format"), compiled.output);
        assertTrue(compiled.output.contains("StepGuard is not public in dev.vecnet.train"), compiled.output);
        assertTrue(compiled.output.contains("2 errors"), compiled.output);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(p.exitValue(), String.join(" ", command) + "\n" + new String(out, StandardCharsets.UTF_8));
    }
}
