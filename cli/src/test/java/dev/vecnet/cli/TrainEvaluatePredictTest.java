package dev.vecnet.cli;

import dev.vecnet.data.Dataset;
import dev.vecnet.data.Datasets;
import dev.vecnet.data.Split;
import dev.vecnet.format.LoadedModel;
import dev.vecnet.format.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trains once on digits (three epochs), then checks what train wrote and what evaluate and predict make of it. */
class TrainEvaluatePredictTest {
    private static final int EPOCHS = 3;
    private static final Pattern TEST_ACCURACY = Pattern.compile("test accuracy: ([0-9.]+)% \\((\\d+) of (\\d+) examples\\)");

    @TempDir
    static Path dir;
    static Path run;
    static CliRun train;

    @BeforeAll
    static void train() {
        run = dir.resolve("run");
        train = CliRun.of("train", "--epochs", String.valueOf(EPOCHS), "--out", run.toString());
    }

    @Test
    void trainSucceedsPrintsOneRowPerEpochAndAHighTestAccuracy() {
        assertEquals(0, train.status(), train.all());
        assertEquals(EPOCHS, train.out().lines().filter(line -> line.matches("\\s+\\d+\\s+[0-9.]+\\s+[0-9.]+%.*")).count(),
                train.out());
        assertTrue(testAccuracy() > 0.9, train.out());
        assertTrue(train.out().contains(run.resolve(TrainCommand.MODEL_FILE).toString()), train.out());
    }

    @Test
    void modelFileCarriesTheStandardisationAndReproducesThePrintedAccuracy() throws IOException {
        LoadedModel loaded = ModelFile.load(run.resolve(TrainCommand.MODEL_FILE));
        assertEquals("standardize", loaded.preprocessingKind());
        assertEquals(64, loaded.preprocessing().get("mean").length);

        StoredModel model = StoredModel.load(run.resolve(TrainCommand.MODEL_FILE));
        Dataset test = Split.stratified(Datasets.digits(), 0.6, 0.2, 42).test();
        float[] x = test.features().clone();
        model.preprocessInPlace(x, test.size());
        ConfusionMatrix matrix = ConfusionMatrix.of(test.labels(), Predictions.classes(model.network(), x, test.size()), 10);
        assertEquals(testAccuracy(), matrix.accuracy(), 1e-12);
    }

    @Test
    void historyCsvsHaveOneRowPerEpochAndPerIteration() throws IOException {
        List<String> epochs = Files.readAllLines(run.resolve(TrainCommand.EPOCHS_CSV));
        assertEquals(HistoryCsv.EPOCH_COLUMNS, epochs.get(0));
        assertEquals(EPOCHS + 1, epochs.size());
        for (int e = 1; e <= EPOCHS; e++) {
            String[] fields = epochs.get(e).split(",");
            assertEquals(7, fields.length, epochs.get(e));
            assertEquals(String.valueOf(e), fields[0]);
            double accuracy = Double.parseDouble(fields[2]);
            assertTrue(accuracy > 0.5 && accuracy <= 1, epochs.get(e));
        }
        List<String> iterations = Files.readAllLines(run.resolve(TrainCommand.ITERATIONS_CSV));
        assertEquals(HistoryCsv.ITERATION_COLUMNS, iterations.get(0));
        int perEpoch = (1078 + 63) / 64;   // 1078 training examples in batches of 64
        assertEquals(EPOCHS * perEpoch + 1, iterations.size());
        assertTrue(iterations.get(iterations.size() - 1).startsWith(EPOCHS * perEpoch + "," + EPOCHS + ","));
    }

    @Test
    void chartsArePngsOfTheExpectedSizeWithContent() throws IOException {
        for (String chart : List.of(TrainCommand.LOSS_CHART, TrainCommand.ACCURACY_CHART)) {
            assertChart(run.resolve(chart));
        }
        assertTrue(GraphicsEnvironment.isHeadless(), "charts are drawn without a display");
    }

    @Test
    void evaluateReportsTheSameAccuracyAndAConsistentConfusionMatrix() {
        CliRun evaluate = CliRun.of("evaluate", "--model", run.resolve(TrainCommand.MODEL_FILE).toString(), "--data", "digits");
        assertEquals(0, evaluate.status(), evaluate.all());
        Matcher m = Pattern.compile("accuracy ([0-9.]+)% \\((\\d+) of (\\d+)\\)").matcher(evaluate.out());
        assertTrue(m.find(), evaluate.out());
        assertEquals(String.format(Locale.ROOT, "%.2f", 100 * testAccuracy()), m.group(1));

        long total = 0;
        long diagonal = 0;
        List<String> rows = evaluate.out().lines().filter(line -> line.matches("\\d+\\s+.*%")).toList();
        assertEquals(10, rows.size(), evaluate.out());
        for (int actual = 0; actual < rows.size(); actual++) {
            String[] cells = rows.get(actual).trim().split("\\s+");
            for (int predicted = 0; predicted < 10; predicted++) {
                long count = Long.parseLong(cells[1 + predicted]);
                total += count;
                diagonal += actual == predicted ? count : 0;
            }
        }
        assertEquals(359, total);
        assertEquals(Long.parseLong(m.group(3)), total);
        assertEquals(testAccuracy(), (double) diagonal / total, 1e-12);
    }

    @Test
    void predictWritesOneRowPerInputWithProbabilitiesSummingToOne() throws IOException {
        Dataset digits = Datasets.digits();
        int rows = 25;
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < 64; j++) {
            csv.append("pixel").append(j).append(',');
        }
        csv.append("label\n");
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 64; j++) {
                csv.append(digits.features()[i * 64 + j]).append(',');
            }
            csv.append(digits.labels()[i]).append('\n');
        }
        Path input = Files.writeString(dir.resolve("in.csv"), csv);
        Path output = dir.resolve("out.csv");
        CliRun predict = CliRun.of("predict", "--model", run.resolve(TrainCommand.MODEL_FILE).toString(),
                "--input", input.toString(), "--output", output.toString());
        assertEquals(0, predict.status(), predict.all());

        List<String> lines = Files.readAllLines(output);
        assertEquals("predicted,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9", lines.get(0));
        assertEquals(rows + 1, lines.size());
        int correct = 0;
        for (int i = 0; i < rows; i++) {
            String[] fields = lines.get(i + 1).split(",");
            int predicted = Integer.parseInt(fields[0]);
            double sum = 0;
            int argmax = 0;
            for (int c = 0; c < 10; c++) {
                double p = Double.parseDouble(fields[1 + c]);
                assertTrue(p >= 0 && p <= 1, lines.get(i + 1));
                sum += p;
                argmax = p > Double.parseDouble(fields[1 + argmax]) ? c : argmax;
            }
            assertEquals(1.0, sum, 1e-4);
            assertEquals(argmax, predicted);
            correct += predicted == digits.labels()[i] ? 1 : 0;
        }
        assertTrue(correct >= 20, correct + " of " + rows);
    }

    @Test
    void nonTerminalProgressHasNoCarriageReturns() {
        assertFalse(train.out().contains("\r"));
        assertFalse(train.err().contains("\r"));
        assertTrue(train.err().contains("train: 100%"), train.err());
    }

    static void assertChart(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is not a readable image");
        assertEquals(ChartWriter.WIDTH, image.getWidth());
        assertEquals(ChartWriter.HEIGHT, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        int white = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                white += rgb == 0xFFFFFF ? 1 : 0;
            }
        }
        int samples = (image.getHeight() / 2) * (image.getWidth() / 2);
        assertTrue(colours.size() > 20, png + " has only " + colours.size() + " colours");
        assertTrue(white < samples * 0.98, png + " is almost blank");
    }

    private static double testAccuracy() {
        Matcher m = TEST_ACCURACY.matcher(train.out());
        assertTrue(m.find(), train.out());
        return Double.parseDouble(m.group(2)) / Double.parseDouble(m.group(3));
    }
}
