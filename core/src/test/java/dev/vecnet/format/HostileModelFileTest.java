package dev.vecnet.format;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files built to exhaust the reader: headers of millions of tiny JSON values, huge counts, widths and
 * nesting. Each must end in exactly one {@link ModelFormatException} naming the problem, never an
 * {@link OutOfMemoryError}: in a JVM of 256 MiB of heap (a child JVM runs {@link #main}), and here with
 * the bytes the read allocates measured against the file's size.
 */
class HostileModelFileTest {
    /** The heap of the child JVM: the old reader ran out of it on the first two files. */
    private static final String CHILD_HEAP = "-Xmx256m";
    /**
     * Bytes a read may allocate per byte of file, plus {@link #ALLOCATION_SLACK}, as docs/model-format.md
     * states: the densest valid tensor table takes about 5.2 per byte.
     */
    private static final long ALLOCATION_PER_BYTE = 6;
    /** The fixed part: the architecture's JSON tree (at most {@link ArchitectureCodec#MAX_JSON_VALUES} values, 7.5 MB). */
    private static final long ALLOCATION_SLACK = 12 << 20;
    private static final int MILLION = 1_000_000;
    private static final String ARCH = "{\"input\":2,\"modules\":[{\"type\":\"dense\",\"units\":1}],\"loss\":\"mean_squared_error\","
            + "\"l2\":0.0,\"max_batch\":4,\"fuse\":true,\"check_inputs\":true}";
    private static final String GOOD_TENSORS = "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
            + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}";

    /**
     * A hostile file and a part of the message its one exception must have.
     *
     * @param name     what the file is
     * @param expected a part of the exception's message
     * @param file     builds the file (several are megabytes, so they are built one at a time)
     */
    record Hostile(String name, String expected, Supplier<byte[]> file) {
    }

    static List<Hostile> cases() {
        List<Hostile> c = new ArrayList<>();
        c.add(new Hostile("an 8 MB shape of 4 million zeros", "shape holds 4000000 integers, more than the limit of 64",
                () -> TestFiles.file(TestFiles.withMetadata(ARCH, "\"x\":{\"dtype\":\"F32\",\"shape\":["
                        + repeat("0,", 4 * MILLION - 1) + "0],\"data_offsets\":[0,0]}"), new byte[0])));
        c.add(new Hostile("a 12 MB header of 4 million {}", "tensor 'x': header entry is not an object",
                () -> TestFiles.file("{\"x\":[" + repeat("{},", 4 * MILLION - 1) + "{}]}", new byte[0])));
        c.add(new Hostile("a shape of 4 million {}", "tensor 'x': shape[0] is not a number",
                () -> TestFiles.file("{\"x\":{\"dtype\":\"F32\",\"shape\":[" + repeat("{},", 4 * MILLION - 1) + "{}]}}",
                        new byte[0])));
        c.add(new Hostile("metadata of 4 million []", "__metadata__ entry 'a' is not a string",
                () -> TestFiles.file("{\"__metadata__\":{\"a\":[" + repeat("[],", 4 * MILLION - 1) + "[]]}}", new byte[0])));
        c.add(new Hostile("data_offsets of 4 million zeros", "data_offsets holds 4000000 integers, more than the 2",
                () -> TestFiles.file("{\"x\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[" + repeat("0,", 4 * MILLION - 1)
                        + "0]}}", new byte[0])));
        c.add(new Hostile("a million metadata entries", "__metadata__ holds more than 1024 entries",
                () -> TestFiles.file(numbered("{\"__metadata__\":{", "\"k#\":\"\"", MILLION) + "}}", new byte[0])));
        c.add(new Hostile("4 million nested arrays", "nesting deeper than 64",
                () -> TestFiles.file("{\"x\":" + repeat("[", 4 * MILLION) + repeat("]", 4 * MILLION) + "}", new byte[0])));
        c.add(new Hostile("a number of 12 million digits", "shape[0] = 1111111111",
                () -> TestFiles.file("{\"x\":{\"dtype\":\"F32\",\"shape\":[" + repeat("1", 12 * MILLION) + "],\"data_offsets\":[0,0]}}",
                        new byte[0])));
        c.add(new Hostile("a dtype of 12 million letters", "unknown dtype 'FFFF",
                () -> TestFiles.file("{\"x\":{\"dtype\":\"" + repeat("F", 12 * MILLION) + "\",\"shape\":[0],\"data_offsets\":[0,0]}}",
                        new byte[0])));
        c.add(new Hostile("a 12 MB non-ASCII header without vecnet metadata", "not a vecnet model file",
                () -> TestFiles.file("{\"__metadata__\":{\"a\":\"" + repeat("\u00e9", 6 * MILLION) + "\"}}", new byte[0])));
        c.add(new Hostile("200 thousand tensors, checksum valid", "belongs to no module",
                () -> TestFiles.sealed(TestFiles.file(TestFiles.withMetadata(ARCH, GOOD_TENSORS + numbered(",",
                        "\"t#\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[12,12]}", 200_000)), TestFiles.floats(1, 2, 3)))));
        c.add(new Hostile("the densest tensor table: 300 thousand", "belongs to no module",
                () -> TestFiles.sealed(TestFiles.file(TestFiles.withMetadata(ARCH, GOOD_TENSORS + numbered(",",
                        "\"#\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[12,12]}", 300_000)),
                        TestFiles.floats(1, 2, 3)))));
        c.add(new Hostile("an architecture of the most values allowed, all {}", "unknown field '0'",
                () -> TestFiles.sealed(TestFiles.file(TestFiles.withMetadata(ARCH.replace("\"input\":2,",
                        numbered("", "\"#\":{}", (ArchitectureCodec.MAX_JSON_VALUES - 32) / 2) + ",\"input\":2,"), GOOD_TENSORS),
                        TestFiles.floats(1, 2, 3)))));
        c.add(new Hostile("an architecture of 600 thousand modules", "more values than the limit",
                () -> TestFiles.sealed(TestFiles.file(TestFiles.withMetadata(ARCH.replace("[{\"type\":\"dense\",\"units\":1}]",
                        "[" + repeat("{\"type\":\"relu\"},", 600_000) + "{\"type\":\"dense\",\"units\":1}]"), GOOD_TENSORS),
                        TestFiles.floats(1, 2, 3)))));
        c.add(new Hostile("an architecture whose input is 4 million zeros", "more values than the limit",
                () -> TestFiles.sealed(TestFiles.file(TestFiles.withMetadata(ARCH.replace("\"input\":2",
                        "\"input\":[" + repeat("0,", 4 * MILLION - 1) + "0]"), GOOD_TENSORS), TestFiles.floats(1, 2, 3)))));
        c.add(new Hostile("2^31 - 1 inputs and no parameters", "architecture.input = 2147483647 is outside [1, 16777216]",
                () -> TestFiles.sealed(TestFiles.file(TestFiles.withMetadata(
                        "{\"input\":2147483647,\"modules\":[{\"type\":\"relu\"}],\"loss\":\"mean_squared_error\",\"l2\":0.0,"
                                + "\"max_batch\":1,\"fuse\":true,\"check_inputs\":true}", ""), new byte[0]))));
        c.add(new Hostile("4096 modules 2^24 wide", "activation floats per example, more than the limit of 67108864",
                () -> TestFiles.sealed(TestFiles.file(TestFiles.withMetadata("{\"input\":16777216,\"modules\":["
                        + repeat("{\"type\":\"relu\"},", 4095) + "{\"type\":\"tanh\"}],\"loss\":\"mean_squared_error\",\"l2\":0.0,"
                        + "\"max_batch\":1,\"fuse\":true,\"check_inputs\":true}", ""), new byte[0]))));
        c.add(new Hostile("a header length of 2^63 - 1", "exceeds the limit of 100000000 bytes",
                () -> ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array()));
        c.add(new Hostile("a header length of 100 MB in a 16-byte file", "runs past the end",
                () -> ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_000L).array()));
        return c;
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    /** {@code prefix}, then {@code n} copies of {@code template} with {@code #} replaced by 0, 1, ..., comma-separated. */
    private static String numbered(String prefix, String template, int n) {
        int at = template.indexOf('#');
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(template, 0, at).append(i).append(template, at + 1, template.length());
        }
        return sb.toString();
    }

    @TestFactory
    List<DynamicTest> eachIsOneModelFormatExceptionWithinTheAllocationBudget() {
        var threads = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        var counter = (com.sun.management.ThreadMXBean) threads;
        List<DynamicTest> tests = new ArrayList<>();
        for (Hostile h : cases()) {
            tests.add(DynamicTest.dynamicTest(h.name(), () -> {
                byte[] file = h.file().get();
                long before = counter.getCurrentThreadAllocatedBytes();
                ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file, LoadOptions.defaults()));
                long allocated = counter.getCurrentThreadAllocatedBytes() - before;
                assertTrue(e.getMessage().contains(h.expected()), () -> "message '" + e.getMessage() + "' lacks '" + h.expected() + "'");
                assertTrue(e.getMessage().length() < 1000, "a message of " + e.getMessage().length() + " chars");
                System.out.printf("hostile file: %-52s %,12d bytes, read allocated %,12d bytes (%.2f per byte)%n", h.name(), file.length,
                        allocated, (double) allocated / file.length);
                assertTrue(allocated <= ALLOCATION_PER_BYTE * file.length + ALLOCATION_SLACK,
                        () -> "the read allocated " + allocated + " bytes for a file of " + file.length);
            }));
        }
        return tests;
    }

    /** Runs every hostile read in a JVM of 256 MiB; one line per file says how it ended. */
    @Test
    void eachIsOneModelFormatExceptionIn256MiBOfHeap() throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), CHILD_HEAP,
                "-cp", System.getProperty("java.class.path"), HostileModelFileTest.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, process.exitValue(), out);
        Map<String, String> outcomes = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] p = line.split("\t", 3);
            if (p.length == 3 && p[0].equals("hostile")) {
                outcomes.put(p[1], p[2]);
            }
        }
        for (Hostile h : cases()) {
            for (String way : new String[] {"bytes", "stream"}) {
                String outcome = outcomes.get(h.name() + " / " + way);
                assertTrue(outcome != null && outcome.startsWith("ModelFormatException: ") && outcome.contains(h.expected()),
                        () -> h.name() + " / " + way + " ended in " + outcome + "\n" + out);
            }
        }
    }

    /**
     * The child JVM's side: reads every hostile file from a byte array and from a stream and prints
     * {@code hostile<TAB>name / way<TAB>outcome}, the outcome being the class and message of what was
     * thrown; an {@link OutOfMemoryError} is printed like any other.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        for (Hostile h : cases()) {
            for (String way : new String[] {"bytes", "stream"}) {
                String outcome;
                try {
                    byte[] file = h.file().get();
                    if (way.equals("bytes")) {
                        ModelFile.read(file, LoadOptions.defaults());
                    } else {
                        ModelFile.read(new ByteArrayInputStream(file), LoadOptions.defaults());
                    }
                    outcome = "loaded";
                } catch (Throwable t) {
                    outcome = t.getClass().getSimpleName() + ": " + t.getMessage();
                }
                System.out.println("hostile\t" + h.name() + " / " + way + "\t" + outcome.replace('\n', ' '));
            }
        }
    }
}
