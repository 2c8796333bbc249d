package dev.vecnet.bench;

import dev.vecnet.data.CsvLoader;
import dev.vecnet.data.Dataset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CSV parsing into float32 on one thread: a 100 MB file generated in the setup (a header, then rows of 20
 * features printed with 6 decimals from a standard normal, e.g. {@code -0.482913}, and an integer label
 * 0..9). {@code loadFile}: {@code CsvLoader.load(Path)} as the command line calls it, a counting pass and a
 * parsing pass over the file (in the page cache after the first run); {@code parseBytes}: one parsing pass
 * over the same bytes held in memory. MB/s = {@link #MEGABYTES} / (seconds per op), printed by the setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class CsvParseBench {
    /** Size of the generated file. */
    public static final int MEGABYTES = 100;

    private Path file;
    private byte[] bytes;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        file = Files.createTempFile("vecnet-csv-bench", ".csv");
        Random random = new Random(1);
        StringBuilder row = new StringBuilder();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int j = 0; j < 20; j++) {
                out.write("f" + j + ",");
            }
            out.write("label\n");
            long written = 0;
            while (written < MEGABYTES * 1_000_000L) {
                row.setLength(0);
                for (int j = 0; j < 20; j++) {
                    row.append(String.format(Locale.ROOT, "%.6f", random.nextGaussian())).append(',');
                }
                row.append(random.nextInt(10)).append('\n');
                out.write(row.toString());
                written += row.length();
            }
        }
        bytes = Files.readAllBytes(file);
        System.out.printf(Locale.ROOT, "%ncsv file: %d bytes%n", bytes.length);
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The file through the command line's path: count the rows, check the heap, parse. */
    @Benchmark
    public Dataset loadFile() throws IOException {
        return CsvLoader.lastColumnLabel().load(file);
    }

    /** One parsing pass over the bytes in memory. */
    @Benchmark
    public Dataset parseBytes() throws IOException {
        return CsvLoader.lastColumnLabel().load(new ByteArrayInputStream(bytes), "bench.csv");
    }
}
