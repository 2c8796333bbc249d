package dev.vecnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.IdxLoader;
import dev.vecnet.data.MappedExamples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convert, --data with IDX and vecdata files, and the limits that refuse data before memory runs out. */
class DataFilesCommandTest {
    @TempDir
    Path dir;

    /** An IDX pair of {@code n} 4x4 images; label 1 when the top half is brighter than the bottom half. */
    private Path idx(int n, String prefix) throws IOException {
        Random random = new Random(5);
        ByteBuffer images = ByteBuffer.allocate(16 + n * 16).putInt(0x803).putInt(n).putInt(4).putInt(4);
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            int top = 0;
            for (int p = 0; p < 16; p++) {
                int value = random.nextInt(256);
                images.put((byte) value);
                top += p < 8 ? value : -value;
            }
            labels.put((byte) (top > 0 ? 1 : 0));
        }
        Path imageFile = dir.resolve(prefix + "-images-idx3-ubyte");
        Files.write(imageFile, images.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
        return imageFile;
    }

    @Test
    void convertsIdxToTheSameValuesTheIdxLoaderReads() throws IOException {
        Path images = idx(300, "train");
        Path out = dir.resolve("train.vecdata");
        CliRun run = CliRun.of("convert", images.toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.all());
        assertTrue(run.out().contains("300 rows x 16 features, 2 classes"), run.all());
        Dataset expected = new IdxLoader().load(images, dir.resolve("train-labels-idx1-ubyte"));
        Dataset converted = MappedExamples.open(out).toDataset();
        assertEquals(java.util.Arrays.toString(expected.features()), java.util.Arrays.toString(converted.features()));
        assertEquals(java.util.Arrays.toString(expected.labels()), java.util.Arrays.toString(converted.labels()));
    }

    @Test
    void trainsFromIdxAndFromTheConvertedFileAndEvaluatesOnTheSameHeldOutRows() throws IOException {
        Path images = idx(400, "digits");
        CliRun idxRun = CliRun.of("train", "--data", images.toString(), "--arch", "16-8relu-2", "--epochs", "2",
                "--out", dir.resolve("idx-run").toString());
        assertEquals(0, idxRun.status(), idxRun.all());
        Path data = dir.resolve("d.vecdata");
        assertEquals(0, CliRun.of("convert", images.toString(), "--out", data.toString()).status());
        Path run = dir.resolve("mapped-run");
        CliRun mapped = CliRun.of("train", "--data", data.toString(), "--arch", "16-8relu-2", "--epochs", "2",
                "--out", run.toString());
        assertEquals(0, mapped.status(), mapped.all());
        String test = mapped.out().lines().filter(l -> l.startsWith("test accuracy")).findFirst().orElseThrow();
        CliRun evaluate = CliRun.of("evaluate", "--model", run.resolve("model.safetensors").toString(), "--data",
                data.toString());
        assertEquals(0, evaluate.status(), evaluate.all());
        String examples = test.replaceAll(".*\\((\\d+ of \\d+) examples\\).*", "$1");
        assertTrue(evaluate.out().contains(examples), "evaluate must test on the rows train held out (" + examples
                + "):\n" + evaluate.all());
    }

    @Test
    void gzippedIdxIsConvertedWithinMaxBytesOnly() throws IOException {
        Path images = idx(100, "z");
        Path gz = dir.resolve("z-images-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(images));
        }
        CliRun refused = CliRun.of("convert", gz.toString(), "--labels", dir.resolve("z-labels-idx1-ubyte").toString(),
                "--out", dir.resolve("z.vecdata").toString(), "--max-bytes", "1k");
        assertEquals(1, refused.status(), refused.all());
        assertTrue(refused.err().contains("declares 1616 bytes of images, more than --max-bytes 1024"), refused.all());
        CliRun ok = CliRun.of("convert", gz.toString(), "--labels", dir.resolve("z-labels-idx1-ubyte").toString(),
                "--out", dir.resolve("z.vecdata").toString());
        assertEquals(0, ok.status(), ok.all());
        assertEquals(100, MappedExamples.open(dir.resolve("z.vecdata")).count());
    }

    @Test
    void anIdxFileWithoutItsLabelFileSaysWhatToDo() throws IOException {
        Path images = idx(10, "x");
        Files.delete(dir.resolve("x-labels-idx1-ubyte"));
        CliRun run = CliRun.of("train", "--data", images.toString(), "--out", dir.resolve("r").toString());
        assertEquals(1, run.status(), run.all());
        assertTrue(run.err().contains("--labels FILE"), run.all());
    }

    @Test
    void convertsGzippedCsvAndBoundsDecompression() throws IOException {
        Path csv = dir.resolve("rows.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(csv))) {
            out.write("a,b,label\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 20000; i++) {
                out.write((i % 7 + ".5," + (-i) + "e-3," + (i % 3) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        Path out = dir.resolve("rows.vecdata");
        CliRun ok = CliRun.of("convert", csv.toString(), "--out", out.toString());
        assertEquals(0, ok.status(), ok.all());
        Dataset converted = MappedExamples.open(out).toDataset();
        assertEquals(20000, converted.size());
        assertEquals(3, converted.classCount());
        assertEquals(-0.019f, converted.features()[2 * 19 + 1]);
        CliRun bounded = CliRun.of("convert", csv.toString(), "--out", dir.resolve("b.vecdata").toString(),
                "--max-bytes", "100k");
        assertEquals(1, bounded.status(), bounded.all());
        assertTrue(bounded.err().contains("decompresses to more than 102400 bytes") && bounded.err().contains("--max-bytes"),
                bounded.all());
        assertEquals(1, bounded.err().lines().count(), bounded.all());
        assertFalse(Files.exists(dir.resolve("b.vecdata")) || Files.exists(dir.resolve("b.vecdata.part")));
        CliRun train = CliRun.of("train", "--data", csv.toString(), "--max-bytes", "100k", "--out", dir.resolve("t").toString());
        assertEquals(1, train.status(), train.all());
        assertTrue(train.err().contains("decompresses to more than"), train.all());
    }

    /**
     * The decompression bomb: 2 GB of "0,0" rows gzipped to about 2 MB, trained on by a JVM of 256 MB. The
     * row count passes the heap budget long before the end: one line, exit 1, no OutOfMemoryError, and the
     * rows it had counted when it refused (the line's "at least N rows") are a small part of the file's: it
     * stopped reading, rather than decompressing everything first.
     */
    @Test
    void aDecompressionBombIsRefusedAfterReadingAFewOfItsRows() throws Exception {
        Path bomb = dir.resolve("bomb.csv.gz");
        byte[] rows = "0,0\n".repeat(1 << 18).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
            out.write("x,label\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 2_000_000_000L / rows.length; i++) {
                out.write(rows);
            }
        }
        long bombRows = (2_000_000_000L / rows.length) * (1 << 18);
        assertTrue(Files.size(bomb) < 4_000_000, "bomb is " + Files.size(bomb) + " bytes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", "--data", bomb.toString(), "--max-bytes", "4g", "--out",
                dir.resolve("run").toString())).redirectErrorStream(true).start();
        String output;
        try {
            // A guard against a hung child, not a speed requirement (reading all 2 GB ends on its own).
            assertTrue(process.waitFor(10, TimeUnit.MINUTES), "the child JVM did not finish");
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
        }
        assertEquals(1, process.exitValue(), output);
        List<String> lines = output.lines().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals(1, lines.size(), output);
        assertTrue(lines.get(0).contains("at least") && lines.get(0).contains("rows x 1 features")
                && lines.get(0).contains("vecnet convert") && lines.get(0).contains("-Xmx"), output);
        assertFalse(output.contains("OutOfMemoryError") || output.contains("\tat "), output);
        Matcher counted = Pattern.compile("at least (\\d+) rows").matcher(lines.get(0));
        assertTrue(counted.find(), output);
        long rowsRead = Long.parseLong(counted.group(1));
        // 256 MB of heap holds at most 32 M rows of two floats: the count must stop near there, not at the end.
        assertTrue(rowsRead > 0 && rowsRead < bombRows / 10, "refused after " + rowsRead + " of " + bombRows + " rows");
    }
}
