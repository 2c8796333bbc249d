package dev.vecnet.spark.cli;

import dev.vecnet.cli.Output;

import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFile;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vecnet-spark train} on data read by the executors (a folder of CSV part files, a Parquet folder), its
 * refusals and help, its checkpoints and its log level. Each command starts and stops its own session.
 */
class SparkClusterInputTest {
    /** Spark's warning threshold for a serialized task ({@code spark.task.maxSize... TASK_SIZE_TO_WARN_KIB}). */
    private static final long ONE_MIB = 1 << 20;
    private static final int FEATURES = 12;
    private static final int CLASSES = 3;

    /** One in-process run with captured, non-interactive output. */
    private record Run(int status, String out, String err) {
        static Run of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = SparkLauncher.run(new Output(new PrintWriter(out, true), new PrintWriter(err, true), false),
                    args);
            return new Run(status, out.toString(), err.toString());
        }

        String all() {
            return "status " + status + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** Collects the messages of one logger while it is attached. */
    private static final class Captured extends AbstractAppender implements AutoCloseable {
        private final List<String> messages = new ArrayList<>();
        private final LoggerConfig logger;
        private final Level level;

        Captured(String name) {
            super("captured", null, null, true, Property.EMPTY_ARRAY);
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            logger = context.getConfiguration().getLoggerConfig(name);
            if (!logger.getName().equals(name)) {
                throw new IllegalStateException("the test configuration has no logger " + name);
            }
            level = logger.getLevel();
            start();
            logger.addAppender(this, Level.INFO, null);
            logger.setLevel(Level.INFO);
            context.updateLoggers();
        }

        @Override
        public synchronized void append(LogEvent event) {
            messages.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
        }

        synchronized List<String> messages() {
            return List.copyOf(messages);
        }

        @Override
        public void close() {
            logger.removeAppender(getName());
            logger.setLevel(level);
            ((LoggerContext) LogManager.getContext(false)).updateLoggers();
            stop();
        }
    }

    @BeforeAll
    static void quietSpark() {
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
    }

    /** Three Gaussian blobs of {@link #FEATURES} features, class c centred on 4c + 10 (far from 0, as raw data is), standard deviations 0.5 to 1.5. */
    private static List<float[]> blobs(int rows, long seed) {
        Random random = new Random(seed);
        List<float[]> examples = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int c = i % CLASSES;
            float[] row = new float[FEATURES + 1];
            for (int j = 0; j < FEATURES; j++) {
                row[j] = (float) (10 + 4 * c + random.nextGaussian() * 0.5 * (1 + j % 3));
            }
            row[FEATURES] = c;
            examples.add(row);
        }
        return examples;
    }

    /** Writes {@code examples} as {@code parts} CSV part files with a header row each; returns the folder. */
    private static Path csvFolder(Path folder, List<float[]> examples, int parts) throws IOException {
        Files.createDirectories(folder);
        int per = (examples.size() + parts - 1) / parts;
        for (int p = 0; p < parts; p++) {
            try (Writer w = Files.newBufferedWriter(folder.resolve(String.format(Locale.ROOT, "part-%05d.csv", p)))) {
                StringBuilder header = new StringBuilder();
                for (int j = 0; j < FEATURES; j++) {
                    header.append('f').append(j).append(',');
                }
                w.write(header.append("label\n").toString());
                for (int i = p * per; i < Math.min(examples.size(), (p + 1) * per); i++) {
                    float[] row = examples.get(i);
                    StringBuilder line = new StringBuilder();
                    for (int j = 0; j < FEATURES; j++) {
                        line.append(row[j]).append(',');
                    }
                    w.write(line.append((int) row[FEATURES]).append('\n').toString());
                }
            }
        }
        return folder;
    }

    private static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /**
     * A folder of CSV part files larger than 1 MiB trains on two partitions: no task Spark starts is 1 MiB or more
     * (each task's serialized size, from the scheduler's log) and Spark warns of no large task, so the rows went
     * from the files to the executors without the driver; the blobs are learnt.
     */
    @Test
    void aCsvFolderIsReadByTheExecutorsAndNoTaskCarriesTheData(@TempDir Path dir) throws IOException {
        Path data = csvFolder(dir.resolve("blobs"), blobs(9000, 1), 3);
        assertTrue(size(data) > ONE_MIB, "the data must be larger than the task limit: " + size(data));
        Run run;
        List<String> log;
        try (Captured scheduler = new Captured("org.apache.spark.scheduler.TaskSetManager")) {
            run = Run.of("train", "--data", data.toUri().toString(), "--arch", FEATURES + "-16relu-" + CLASSES,
                    "--epochs", "2", "--lr", "0.03", "--batch-size", "64", "--partitions", "2", "--sync-every", "10",
                    "--seed", "3", "--out", dir.resolve("run").toString());
            log = scheduler.messages();
        }
        assertEquals(0, run.status(), run.all());
        Pattern started = Pattern.compile("Starting task .*, (\\d+) bytes\\)");
        long largest = 0;
        int tasks = 0;
        for (String message : log) {
            assertFalse(message.contains("very large size"), message);
            Matcher m = started.matcher(message);
            if (m.find()) {
                tasks++;
                largest = Math.max(largest, Long.parseLong(m.group(1)));
            }
        }
        assertTrue(tasks > 10, "the scheduler's task log should be captured: " + log.size() + " messages " + log);
        assertTrue(largest < ONE_MIB, "largest task " + largest + " bytes");
        assertEquals(2, tableRows(run.out()).size(), run.all());
        assertTrue(run.out().contains("read, split and standardised on the executors"), run.all());
        Matcher accuracy = Pattern.compile("test accuracy: (\\d+\\.\\d+)% \\((\\d+) of (\\d+) examples\\)")
                .matcher(run.out());
        assertTrue(accuracy.find() && Double.parseDouble(accuracy.group(1)) > 90, run.all());
        // The seeded split's test part holds about a fifth of the rows.
        int test = Integer.parseInt(accuracy.group(3));
        assertTrue(test > 1600 && test < 2000, run.all());
    }

    /**
     * With no validation and test part the stored standardisation is the population mean and standard deviation of
     * every row, computed here from the values written.
     */
    @Test
    void theModelFileStoresTheTrainingPartsMeanAndPopulationStd(@TempDir Path dir) throws IOException {
        List<float[]> rows = blobs(300, 2);
        Path data = csvFolder(dir.resolve("small"), rows, 2);
        Run run = Run.of("train", "--data", data.toString(), "--arch", FEATURES + "-8relu-" + CLASSES, "--epochs", "1",
                "--validation-fraction", "0", "--test-fraction", "0", "--partitions", "1", "--out",
                dir.resolve("run").toString());
        assertEquals(0, run.status(), run.all());
        LoadedModel model = ModelFile.load(dir.resolve("run").resolve("model.safetensors"));
        assertEquals("standardize", model.preprocessingKind());
        float[] mean = model.preprocessing().get("mean");
        float[] std = model.preprocessing().get("std");
        for (int j = 0; j < FEATURES; j++) {
            double sum = 0;
            for (float[] row : rows) {
                sum += row[j];
            }
            double m = sum / rows.size();
            double squares = 0;
            for (float[] row : rows) {
                squares += (row[j] - m) * (row[j] - m);
            }
            assertEquals(m, mean[j], 1e-6 * Math.abs(m), "mean of feature " + j);
            double s = Math.sqrt(squares / rows.size());
            assertEquals(s, std[j], 1e-6 * s, "std of feature " + j);
        }
    }

    /** A Parquet folder with a vector column and a label column trains; the model learns the blobs. */
    @Test
    void aParquetFolderWithAVectorColumnTrains(@TempDir Path dir) {
        Path data = dir.resolve("blobs.parquet");
        SparkSession spark = SparkSession.builder().master("local[1]").appName("write").getOrCreate();
        try {
            List<Row> rows = new ArrayList<>();
            for (float[] row : blobs(900, 4)) {
                double[] x = new double[FEATURES];
                for (int j = 0; j < FEATURES; j++) {
                    x[j] = row[j];
                }
                rows.add(RowFactory.create(Vectors.dense(x), (int) row[FEATURES]));
            }
            StructType schema = new StructType().add("x", SQLDataTypes.VectorType()).add("label", DataTypes.IntegerType);
            spark.createDataFrame(rows, schema).repartition(3).write().parquet(data.toString());
        } finally {
            spark.stop();
        }
        Run run = Run.of("train", "--data", data.toString(), "--arch", FEATURES + "-16relu-" + CLASSES, "--epochs", "3",
                "--lr", "0.03", "--batch-size", "16", "--partitions", "2", "--out", dir.resolve("run").toString());
        assertEquals(0, run.status(), run.all());
        Matcher accuracy = Pattern.compile("test accuracy: (\\d+\\.\\d+)%").matcher(run.out());
        assertTrue(accuracy.find() && Double.parseDouble(accuracy.group(1)) > 90, run.all());
    }

    /**
     * A value that is not a number fails the run with the executor's message naming the column and value, and
     * leaves no output folder.
     */
    @Test
    void aBadValueInACsvPartNamesItsColumnAndValue(@TempDir Path dir) throws IOException {
        Path data = csvFolder(dir.resolve("bad"), blobs(60, 8), 2);
        Path part = data.resolve("part-00001.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(part));
        lines.set(3, lines.get(3).replaceFirst(",[^,]*,", ",abc,"));   // column f1
        Files.write(part, lines);
        Run run = Run.of("train", "--data", data.toString(), "--arch", FEATURES + "-8relu-" + CLASSES, "--epochs", "1",
                "--out", dir.resolve("run").toString());
        assertEquals(1, run.status(), run.all());
        assertTrue(run.err().contains("column 'f1' holds 'abc', not a number"), run.all());
        assertFalse(run.err().contains("Driver stacktrace"), run.all());
        assertFalse(Files.exists(dir.resolve("run")));
    }

    /** IDX and .vecdata files are refused up front, naming what the launcher reads; the help says the same. */
    @Test
    void idxAndVecdataAreRefusedAndTheHelpSaysWhatDataIsRead(@TempDir Path dir) throws IOException {
        Run vecdata = Run.of("train", "--data", "hdfs://host/data/train.vecdata", "--out", dir.resolve("a").toString());
        assertEquals(2, vecdata.status(), vecdata.all());
        assertTrue(vecdata.err().contains("IDX or .vecdata file is not read on Spark"), vecdata.all());
        assertTrue(vecdata.err().contains("Parquet"), vecdata.all());
        Path idx = dir.resolve("images.bin");
        Files.write(idx, new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 7});
        Run images = Run.of("train", "--data", idx.toString(), "--out", dir.resolve("b").toString());
        assertEquals(2, images.status(), images.all());
        assertTrue(images.err().contains("IDX or .vecdata file is not read on Spark"), images.all());
        assertFalse(Files.exists(dir.resolve("a")) || Files.exists(dir.resolve("b")));

        Run help = Run.of("train", "--help");
        assertEquals(0, help.status(), help.all());
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("any Hadoop path (file:, hdfs:, s3a:, ...; one file or a folder of part files) of "
                + "CSV"), help.all());
        assertTrue(text.contains("IDX and .vecdata files are refused"), help.all());
        assertFalse(text.contains("a .vecdata file written by 'convert'"), help.all());
        assertTrue(text.contains("--checkpoint") && text.contains("--resume") && text.contains("--spark-log-level"),
                help.all());
    }

    /**
     * A run interrupted after two of its four rounds (its checkpoint folder as it was then: the first two
     * checkpoints) and resumed writes the model file of the uninterrupted run, byte for byte; --resume needs
     * --checkpoint.
     */
    @Test
    void aResumedRunOnAShippedDataSetEndsWithTheModelFileOfAnUninterruptedOne(@TempDir Path dir) throws IOException {
        String[] common = {"train", "--data", "iris", "--arch", "4-16tanh-3", "--epochs", "4", "--batch-size", "16",
                "--partitions", "2", "--sync-every", "3", "--seed", "5", "--optimizer", "adam", "--lr", "0.02"};
        assertResumeWritesTheSameModel(dir, common, 2);
        try (Stream<Path> files = Files.list(dir.resolve("full-checkpoints"))) {
            assertEquals(4, files.filter(f -> f.getFileName().toString().startsWith("round-")).count(),
                    "4 rounds of 3 local steps: 4 checkpoints");
        }
        Run noFolder = Run.of(with(common, "--resume", "--out", dir.resolve("c").toString()));
        assertEquals(2, noFolder.status(), noFolder.all());
        assertTrue(noFolder.err().contains("--resume needs --checkpoint"), noFolder.all());
    }

    /** The same on a folder of CSV part files read by the executors: the cluster's split and partitions repeat. */
    @Test
    void aResumedRunOnACsvFolderEndsWithTheModelFileOfAnUninterruptedOne(@TempDir Path dir) throws IOException {
        Path data = csvFolder(dir.resolve("small"), blobs(600, 6), 2);
        String[] common = {"train", "--data", data.toString(), "--arch", FEATURES + "-8relu-" + CLASSES, "--epochs",
                "3", "--batch-size", "16", "--partitions", "2", "--sync-every", "6", "--seed", "7"};
        assertResumeWritesTheSameModel(dir, common, 3);
    }

    /**
     * Runs {@code common} with checkpoints after every round (more than {@code kept} + 1 of them); then again from a
     * copy of the first {@code kept} checkpoints with {@code --resume}: the model files are the same bytes.
     */
    private static void assertResumeWritesTheSameModel(Path dir, String[] common, int kept)
            throws IOException {
        Path full = dir.resolve("full-checkpoints");
        Run whole = Run.of(with(common, "--checkpoint", full.toUri().toString(), "--out", dir.resolve("a").toString()));
        assertEquals(0, whole.status(), whole.all());
        List<Path> written;
        try (Stream<Path> files = Files.list(full)) {
            written = files.filter(f -> f.getFileName().toString().startsWith("round-"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        }
        assertTrue(written.size() > kept + 1, written.toString());

        Path partial = Files.createDirectories(dir.resolve("interrupted-checkpoints"));
        for (Path checkpoint : written.subList(0, kept)) {
            Files.copy(checkpoint, partial.resolve(checkpoint.getFileName()));
        }
        Run resumed = Run.of(with(common, "--checkpoint", partial.toString(), "--resume", "--out",
                dir.resolve("b").toString()));
        assertEquals(0, resumed.status(), resumed.all());
        assertTrue(Files.exists(partial.resolve(written.get(written.size() - 1).getFileName())),
                "the resumed run writes the later checkpoints");
        byte[] expected = Files.readAllBytes(dir.resolve("a").resolve("model.safetensors"));
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("b").resolve("model.safetensors")));
    }

    /**
     * {@code --spark-log-level} sets Spark's root logger (the tests' configuration starts it at WARN), and a level
     * Spark does not know is refused before anything starts.
     */
    @Test
    void sparkLogsAtTheLevelAskedFor(@TempDir Path dir) {
        try {
            Run run = Run.of("train", "--data", "iris", "--epochs", "1", "--partitions", "1", "--spark-log-level",
                    "error", "--out", dir.resolve("run").toString());
            assertEquals(0, run.status(), run.all());
            assertEquals(Level.ERROR, LogManager.getRootLogger().getLevel());
        } finally {
            Configurator.setRootLevel(Level.WARN);
        }
        Run bad = Run.of("train", "--data", "iris", "--spark-log-level", "chatty", "--out", dir.resolve("x").toString());
        assertEquals(2, bad.status(), bad.all());
        assertTrue(bad.err().contains("--spark-log-level chatty"), bad.all());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    private static String[] with(String[] common, String... more) {
        String[] all = new String[common.length + more.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }

    /** The rows of the epoch table. */
    private static List<String> tableRows(String out) {
        return out.lines().filter(l -> l.matches("\\s*\\d+\\s+-?\\d.*s$")).toList();
    }
}
