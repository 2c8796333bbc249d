package dev.vecnet.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One run of the command line as {@code ./vecnet} runs it, with this module on the class path: a new JVM on the test
 * class path starting {@code dev.vecnet.cli.Main} (whose in-process entry point is package-private to the core); or
 * of another main class of the tests, in a JVM of its own options.
 *
 * @param status the exit status
 * @param out    standard output
 * @param err    standard error
 */
record CommandLineRun(int status, String out, String err) {

    /** Runs {@code vecnet ARGS} in a new JVM, with its output files in {@code dir}. */
    static CommandLineRun vecnet(Path dir, String... args) throws IOException, InterruptedException {
        return java(dir, List.of(), "dev.vecnet.cli.Main", args);
    }

    /**
     * Runs {@code mainClass ARGS} in a new JVM on the test class path, started with {@code jvmOptions} (e.g. a
     * small {@code -Xmx}), with its output files in {@code dir}.
     */
    static CommandLineRun java(Path dir, List<String> jvmOptions, String mainClass, String... args)
            throws IOException, InterruptedException {
        // Surefire runs the tests from a manifest-only jar; it names the real class path in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(Arrays.asList(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int status = process.waitFor();
        return new CommandLineRun(status, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Fails, showing both streams, unless the run exited with 0. */
    void assertSucceeded() {
        assertEquals(0, status, () -> "exit status " + status + "\nstdout: " + out + "\nstderr: " + err);
    }
}
