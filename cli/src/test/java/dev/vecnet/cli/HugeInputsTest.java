package dev.vecnet.cli;

import dev.vecnet.nn.Architecture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Huge inputs (an endless names file, a network larger than the heap or than one array) get one line, no trace. */
class HugeInputsTest {
    /** The smallest width of the generated architectures: two layers of it need more than any test heap. */
    private static final int WIDE = 30_000;

    @TempDir
    Path dir;

    @Property(tries = 4)
    void aNamesFileBeyondTheBoundIsRefused(@ForAll @IntRange(min = 1, max = ModuleNamesFile.MAX_BYTES) int excess)
            throws IOException {
        // jqwik properties get no @TempDir
        Path dir = Files.createTempDirectory("names");
        try {
            refusesNamesFile(dir, excess);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static void refusesNamesFile(Path dir, int excess) throws IOException {
        Path safetensors = Files.writeString(dir.resolve("m.safetensors"), "");
        Path names = dir.resolve("names.txt");
        // valid lines, so that only the size is wrong
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < ModuleNamesFile.MAX_BYTES + excess; i++) {
            text.append("fc").append(i).append('=').append(i).append('\n');
        }
        Files.writeString(names, text.substring(0, ModuleNamesFile.MAX_BYTES + excess));
        CliRun run = CliRun.of("import", safetensors.toString(), "--arch", "4-3", "--names", names.toString(),
                "--out", dir.resolve("out.safetensors").toString());
        assertOneLineFailure(run, 1);
        assertTrue(run.err().contains("--names file " + names + " is larger than"), run.all());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anEndlessNamesFileIsReadOnlyUpToTheBound() throws IOException {
        Path safetensors = Files.writeString(dir.resolve("m.safetensors"), "");
        CliRun run = CliRun.of("import", safetensors.toString(), "--arch", "4-3", "--names", "/dev/zero",
                "--out", dir.resolve("out.safetensors").toString());
        assertOneLineFailure(run, 1);
        assertTrue(run.err().contains("is larger than"), run.all());
    }

    /** Two to four widths of at least {@value #WIDE}, up to the largest the grammar allows. */
    @Provide
    Arbitrary<List<Integer>> wideArchitectures() {
        return Arbitraries.integers().between(WIDE, Architecture.MAX_UNITS).list().ofMinSize(2).ofMaxSize(4);
    }

    @Property(tries = 30)
    void aNetworkTooLargeForTheHeapOrOneArrayIsRefusedBeforeItIsBuilt(
            @ForAll("wideArchitectures") List<Integer> widths) {
        Assume.that(Runtime.getRuntime().maxMemory() < 8L * WIDE * WIDE);
        String arch = widths.stream().map(String::valueOf).collect(Collectors.joining("-"));
        BigInteger parameters = BigInteger.ZERO;
        for (int i = 1; i < widths.size(); i++) {
            parameters = parameters.add(BigInteger.valueOf(widths.get(i)).multiply(BigInteger.valueOf(widths.get(i - 1) + 1L)));
        }
        boolean oneArray = parameters.compareTo(BigInteger.valueOf(Integer.MAX_VALUE - 8)) <= 0;
        CliRun run = CliRun.of("gradcheck", "--arch", arch);
        assertOneLineFailure(run, oneArray ? 1 : 2);
        assertTrue(run.err().contains(parameters + " parameters"), run.all());
        assertTrue(oneArray ? run.err().contains("-Xmx") : run.err().contains("one flat float array"), run.all());
    }

    @Test
    void importRefusesAStateDictNetworkLargerThanTheHeap() throws IOException {
        long parameters = 46_000L * 46_001 + 10L * 46_001;
        Assume.that(Runtime.getRuntime().maxMemory() < 4 * parameters);
        Path safetensors = Files.writeString(dir.resolve("m.safetensors"), "");
        CliRun run = CliRun.of("import", safetensors.toString(), "--arch", "46000-46000-10",
                "--out", dir.resolve("out.safetensors").toString());
        assertOneLineFailure(run, 1);
        assertTrue(run.err().contains(parameters + " parameters"), run.all());
        assertTrue(run.err().contains("-Xmx"), run.all());
    }

    private static void assertOneLineFailure(CliRun run, int status) {
        assertEquals(status, run.status(), run.all());
        long lines = run.err().lines().filter(line -> !line.startsWith("Run '")).count();
        assertEquals(1, lines, run.all());
        assertFalse(run.err().contains("internal error") || run.err().contains("\tat "), run.all());
    }
}
