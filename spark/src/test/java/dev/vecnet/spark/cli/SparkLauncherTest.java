package dev.vecnet.spark.cli;

import dev.vecnet.cli.Main;
import dev.vecnet.cli.Output;

import dev.vecnet.format.LoadOptions;
import dev.vecnet.format.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher against the local command line: on one partition in exact mode a Spark fit is the local trainer's
 * bit for bit, so {@code vecnet-spark train} must print the epoch table (times aside) and test accuracy of
 * {@code ./vecnet train} with the same options and write the same weights; {@code vecnet-spark search} must write
 * the search CSV of {@code ./vecnet search} (wall times aside). Each command starts and stops its own session.
 */
class SparkLauncherTest {

    /** One in-process run with captured, non-interactive output. */
    private record Run(int status, String out, String err) {
        static Run of(BiFunction<Output, String[], Integer> launcher, String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = launcher.apply(new Output(new PrintWriter(out, true), new PrintWriter(err, true), false), args);
            return new Run(status, out.toString(), err.toString());
        }

        String all() {
            return "status " + status + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    @BeforeAll
    static void quietSpark() {
        // Read by the launcher's SparkConf: no web UI, and a driver address that needs no name lookup.
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
    }

    private static String[] with(String[] common, String... more) {
        String[] all = new String[common.length + more.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }

    /** {@code --diagnose} on Spark prints the reading of the fit's curves, made on the driver: 1e-7 is a flat loss. */
    @Test
    void diagnosePrintsTheCurveReadingOfTheFit(@TempDir Path dir) {
        Run spark = Run.of(SparkLauncher::run, "train", "--data", "iris", "--arch", "4-16tanh-3", "--epochs", "4",
                "--batch-size", "16", "--lr", "1e-7", "--diagnose", "--partitions", "1", "--sync", "exact", "--master",
                "local[1]", "--out", dir.resolve("spark").toString());
        assertEquals(0, spark.status(), spark.all());
        assertTrue(spark.out().contains("diagnosis (the loss and validation curves; docs/diagnostics.md): 1 finding"),
                spark.all());
        assertTrue(spark.out().contains("  flat-loss: The training loss barely moved"), spark.all());
    }

    /**
     * A step schedule, a validation part and early stopping with patience 2 on iris: the Spark launcher on one
     * partition in exact mode prints the rows of the local command, the early-stopping line and the test accuracy,
     * and its model file holds the same parameters.
     */
    @Test
    void trainOnOnePartitionInExactModePrintsAndWritesWhatTheLocalCommandDoes(@TempDir Path dir) throws Exception {
        String[] common = {"train", "--data", "iris", "--arch", "4-16tanh-bn-3", "--epochs", "40", "--batch-size", "8",
                "--optimizer", "adam", "--lr", "0.05", "--schedule", "step", "--step-epochs", "5", "--patience", "2",
                "--seed", "3"};
        Run local = Run.of(Main::run, with(common, "--threads", "1", "--out", dir.resolve("local").toString()));
        Run spark = Run.of(SparkLauncher::run, with(common, "--partitions", "1", "--sync", "exact", "--master",
                "local[1]", "--out", dir.resolve("spark").toString()));
        assertEquals(0, local.status(), local.all());
        assertEquals(0, spark.status(), spark.all());

        List<String> localRows = tableRows(local.out());
        assertTrue(localRows.size() > 1, local.all());
        assertEquals(localRows, tableRows(spark.out()), spark.all());
        assertTrue(local.out().contains("early stopping kept the weights of epoch"), "the run should stop early: "
                + local.all());
        assertEquals(line(local.out(), "early stopping"), line(spark.out(), "early stopping"));
        assertEquals(withoutTime(line(local.out(), "test accuracy:")), withoutTime(line(spark.out(), "test accuracy:")));
        assertTrue(spark.out().contains("  model    " + dir.resolve("spark").resolve("model.safetensors")), spark.all());
        assertArrayEquals(parameters(dir.resolve("local")), parameters(dir.resolve("spark")));
        for (String file : List.of("history-epochs.csv", "history-iterations.csv", "loss.png", "accuracy.png")) {
            assertTrue(Files.size(dir.resolve("spark").resolve(file)) > 0, file);
        }
    }

    /** Local SGD on two partitions: a row per epoch, the test accuracy and the output folder. */
    @Test
    void trainInLocalSgdOnTwoPartitionsPrintsTheTableAndTheOutputFolder(@TempDir Path dir) {
        Run spark = Run.of(SparkLauncher::run, "train", "--data", "iris", "--epochs", "4", "--batch-size", "16",
                "--partitions", "2", "--sync-every", "3", "--out", dir.resolve("run").toString());
        assertEquals(0, spark.status(), spark.all());
        assertEquals(4, tableRows(spark.out()).size(), spark.all());
        assertTrue(spark.out().contains("local-sgd every 3 local steps"), spark.all());
        Matcher accuracy = Pattern.compile("test accuracy: (\\d+\\.\\d+)%").matcher(spark.out());
        assertTrue(accuracy.find() && Double.parseDouble(accuracy.group(1)) > 60, spark.all());
        assertTrue(Files.exists(dir.resolve("run").resolve("model.safetensors")));
    }

    /** The same seed and options give the local command's search CSV, trial for trial. */
    @Test
    void searchOnSparkWritesTheCsvOfTheLocalSearch(@TempDir Path dir) throws IOException {
        String[] common = {"search", "--data", "iris", "--trials", "5", "--epochs", "3", "--batch-size", "16",
                "--lr-range", "1e-3:1e2", "--seed", "4"};
        Run local = Run.of(Main::run, with(common, "--threads", "2", "--out", dir.resolve("local").toString()));
        Run spark = Run.of(SparkLauncher::run, with(common, "--out", dir.resolve("spark").toString()));
        assertEquals(0, local.status(), local.all());
        assertEquals(0, spark.status(), spark.all());
        String localCsv = Files.readString(dir.resolve("local").resolve("search.csv"));
        assertEquals(6, localCsv.lines().count(), localCsv);
        assertEquals(withoutMillis(localCsv), withoutMillis(Files.readString(dir.resolve("spark").resolve("search.csv"))));
        assertTrue(Files.size(dir.resolve("spark").resolve("search.png")) > 0);
    }

    /** Options of ./vecnet that have no meaning on Spark are refused by name, before a session or folder exists. */
    @Test
    void optionsThatCannotApplyOnSparkAreRefusedByName(@TempDir Path dir) throws IOException {
        Run train = Run.of(SparkLauncher::run, "train", "--data", "iris", "--threads", "2", "--out",
                dir.resolve("t").toString());
        assertEquals(2, train.status(), train.all());
        assertTrue(train.err().contains("--threads does not apply on Spark"), train.all());
        Run slices = Run.of(SparkLauncher::run, "train", "--data", "iris", "--slices", "2", "--out",
                dir.resolve("t").toString());
        assertEquals(2, slices.status(), slices.all());
        assertTrue(slices.err().contains("--slices does not apply on Spark"), slices.all());
        Run search = Run.of(SparkLauncher::run, "search", "--data", "iris", "--threads", "2", "--out",
                dir.resolve("s").toString());
        assertEquals(2, search.status(), search.all());
        assertTrue(search.err().contains("--threads does not apply on Spark"), search.all());
        Run sync = Run.of(SparkLauncher::run, "search", "--data", "iris", "--sync", "exact");
        assertEquals(2, sync.status(), sync.all());
        assertTrue(sync.err().contains("--sync"), sync.all());
        assertFalse(Files.exists(dir.resolve("t")) || Files.exists(dir.resolve("s")));
    }

    /** The rows of the epoch table without their time column. */
    private static List<String> tableRows(String out) {
        return out.lines().filter(l -> l.matches("\\s*\\d+\\s+-?\\d.*s$")).map(l -> l.replaceAll("\\s+\\S+s$", ""))
                .toList();
    }

    private static String line(String out, String start) {
        return out.lines().filter(l -> l.startsWith(start)).findFirst().orElse("missing: " + start);
    }

    private static String withoutTime(String line) {
        return line.replaceAll("trained in .*", "");
    }

    private static String withoutMillis(String csv) {
        return csv.replaceAll(",\\d+\\n", "\n");
    }

    private static float[] parameters(Path run) throws Exception {
        return ModelFile.load(run.resolve("model.safetensors"), LoadOptions.defaults()).network().parameters().values();
    }
}
