package dev.vecnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.data.MappedExamples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A .vecdata file through the commands: same model as its source, exact labels, data errors in one line. */
class VecdataCommandTest {
    @TempDir
    Path dir;

    /** A CSV file of {@code n} rows of 5 features and a label from 0 to 2 that the features predict. */
    private Path csv(String name, int n) throws IOException {
        Random random = new Random(11);
        StringBuilder text = new StringBuilder("a,b,c,d,e,label\n");
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(3);
            for (int j = 0; j < 5; j++) {
                text.append(String.format(Locale.ROOT, "%.4f,", random.nextGaussian() + (j % 3 == label ? 1.5 : 0)));
            }
            text.append(label).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void trainingOnTheConvertedFileGivesTheWeightsOfTrainingOnItsSourceBitForBit() throws IOException {
        Path source = csv("d.csv", 300);
        Path converted = dir.resolve("d.vecdata");
        assertEquals(0, CliRun.of("convert", source.toString(), "--out", converted.toString()).status());
        String[] options = {"--arch", "5-8relu-3", "--epochs", "3", "--batch-size", "16", "--seed", "7"};
        Path fromCsv = train(source, "csv-run", options);
        Path fromFile = train(converted, "file-run", options);
        assertArrayEquals(Files.readAllBytes(fromCsv), Files.readAllBytes(fromFile),
                "the model trained on the converted file differs from the one trained on its source");
    }

    private Path train(Path data, String folder, String... options) {
        String[] args = new String[options.length + 5];
        args[0] = "train";
        args[1] = "--data";
        args[2] = data.toString();
        args[3] = "--out";
        args[4] = dir.resolve(folder).toString();
        System.arraycopy(options, 0, args, 5, options.length);
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), run.all());
        return dir.resolve(folder).resolve("model.safetensors");
    }

    @Test
    void convertRefusesALabelOutsideTheClassRangeAndKeepsTheFileAtOut() throws IOException {
        Path good = dir.resolve("good.vecdata");
        assertEquals(0, CliRun.of("convert", csv("ok.csv", 20).toString(), "--out", good.toString()).status());
        byte[] before = Files.readAllBytes(good);
        for (String label : new String[] {"2147483647", "16777217", "16777216", "2.5"}) {
            Path bad = dir.resolve("bad.csv");
            Files.writeString(bad, "a,label\n1,0\n2," + label + "\n3,1\n");
            CliRun run = CliRun.of("convert", bad.toString(), "--out", good.toString());
            assertEquals(1, run.status(), label + ": " + run.all());
            assertEquals(1, run.err().lines().count(), run.all());
            assertTrue(run.err().contains(bad + ": line 3, column 2"), run.all());
            assertArrayEquals(before, Files.readAllBytes(good), label + " replaced the file at --out");
            assertFalse(Files.exists(dir.resolve("good.vecdata.part")));
        }
        Path top = dir.resolve("top.csv");
        Files.writeString(top, "a,label\n1,0\n2,16777215\n");
        Path out = dir.resolve("top.vecdata");
        CliRun run = CliRun.of("convert", top.toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.all());
        assertEquals(16777216, MappedExamples.open(out).classCount());
        assertEquals(16777215, MappedExamples.open(out).toDataset().labels()[1]);
    }

    /** Writes {@code value} as the 4 bytes of row {@code row}, word {@code word} of a 2-feature labelled file. */
    private static void poke(Path file, int row, int word, int bits) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, bits);
            channel.write(b, 64 + (long) row * 3 * 4 + 4L * word);
        }
    }

    private Path twoFeatures(String name, int n) throws IOException {
        StringBuilder text = new StringBuilder("a,b,label\n");
        for (int i = 0; i < n; i++) {
            text.append(i % 7).append(',').append(i % 5).append(',').append(i % 2).append('\n');
        }
        Path source = dir.resolve(name + ".csv");
        Files.writeString(source, text);
        Path out = dir.resolve(name + ".vecdata");
        assertEquals(0, CliRun.of("convert", source.toString(), "--out", out.toString()).status());
        return out;
    }

    @Test
    void aDamagedRowIsADataErrorNamingTheFileAndTheRowInEveryCommand() throws IOException {
        Path nan = twoFeatures("nan", 200);
        poke(nan, 100, 1, Float.floatToRawIntBits(Float.NaN));
        Path label = twoFeatures("label", 200);
        poke(label, 150, 2, 7);
        for (Path file : new Path[] {nan, label}) {
            String row = file == nan ? "row 100" : "row 150";
            for (boolean verify : new boolean[] {true, false}) {
                CliRun run = CliRun.of("train", "--data", file.toString(), "--arch", "2-4relu-2", "--epochs", "1",
                        "--out", dir.resolve("r").toString(), verify ? "--seed" : "--no-verify", verify ? "1" : "--seed=1");
                assertEquals(1, run.status(), run.all());
                assertEquals(1, run.err().lines().count(), run.all());
                assertTrue(run.err().contains(file.toString()) && run.err().contains(row), run.all());
                assertFalse(run.err().contains("internal error"), run.all());
            }
        }
    }

    @Test
    void aDamagedChecksumIsFoundBeforeTrainingUnlessVerifyingIsSwitchedOff() throws IOException {
        Path file = twoFeatures("crc", 120);
        poke(file, 30, 0, Float.floatToRawIntBits(2.25f));
        CliRun run = CliRun.of("train", "--data", file.toString(), "--arch", "2-4relu-2", "--epochs", "1", "--out",
                dir.resolve("r").toString());
        assertEquals(1, run.status(), run.all());
        assertEquals(1, run.err().lines().count(), run.all());
        assertTrue(run.err().contains(file + ": byte 32: data checksum mismatch"), run.all());
        CliRun unchecked = CliRun.of("train", "--data", file.toString(), "--arch", "2-4relu-2", "--epochs", "1",
                "--out", dir.resolve("r2").toString(), "--no-verify");
        assertEquals(0, unchecked.status(), unchecked.all());
    }

    @Test
    void aFileTruncatedWhileItIsReadIsOneErrorNamingTheFile() throws IOException {
        Path file = twoFeatures("cut", 20_000);
        MappedExamples mapped = MappedExamples.open(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(64);
        }
        long[] rows = new long[64];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = 19_999 - 300L * i;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            CommandFailedException gathered = assertThrows(CommandFailedException.class,
                    () -> DataSource.reading(file.toString(), () -> {
                        mapped.gather(rows, rows.length, new float[2 * rows.length], new int[rows.length], null);
                        return null;
                    }));
            assertTrue(gathered.getMessage().contains(file + ": file changed or truncated while reading"),
                    gathered.getMessage());
            CommandFailedException verified = assertThrows(CommandFailedException.class,
                    () -> DataSource.verify(file, mapped));
            assertTrue(verified.getMessage().contains(file + ": file changed or truncated while reading"),
                    verified.getMessage());
        }
    }

    /**
     * A 3 GiB file (sparse: only its header is written) of one feature per row trained on without hold-out by a
     * JVM of 256 MB: the split's index and the training order of 400 million rows are refused before they are
     * allocated, in one line, with no pass over the file first.
     */
    @Test
    void aFileWhoseRowIndexExceedsTheHeapIsRefusedInOneLine() throws Exception {
        long rows = 3L * (1L << 30) / 8;
        Path file = dir.resolve("big.vecdata");
        ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        header.put("VECDATA\0".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(0).putLong(rows)
                .putInt(1).putInt(2);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 60);
        header.putInt(60, (int) crc.getValue());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(header.rewind(), 0);
            channel.write(ByteBuffer.allocate(1), 64 + rows * 8 - 1);
        }
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaCommand, "-Xmx256m", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "train", "--data", file.toString(),
                "--validation-fraction", "0", "--test-fraction", "0", "--out", dir.resolve("run").toString())
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = output.lines().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals(1, process.exitValue(), output);
        assertEquals(1, lines.size(), output);
        assertTrue(lines.get(0).contains(file.toString()) && lines.get(0).contains("in memory")
                && lines.get(0).contains("-Xmx"), output);
        assertFalse(output.contains("OutOfMemoryError") || output.contains("\tat "), output);
    }

    @Test
    void evaluateVerifiesTheFileItLoads() throws IOException {
        Path file = twoFeatures("ev", 120);
        CliRun trained = CliRun.of("train", "--data", file.toString(), "--arch", "2-4relu-2", "--epochs", "1", "--out",
                dir.resolve("m").toString());
        assertEquals(0, trained.status(), trained.all());
        poke(file, 10, 2, 5);
        CliRun run = CliRun.of("evaluate", "--model", dir.resolve("m").resolve("model.safetensors").toString(),
                "--data", file.toString());
        assertEquals(1, run.status(), run.all());
        assertTrue(run.err().contains(file.toString()) && run.err().contains("row 10"), run.all());
        assertFalse(run.err().contains("internal error"), run.all());
    }
}
