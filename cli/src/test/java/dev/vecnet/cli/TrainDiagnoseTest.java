package dev.vecnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vecnet.train.Finding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --diagnose} on the shipped digits: runs built with the command line's options to fail in exactly one
 * way each get exactly that finding in the diagnosis block, the default run gets none, and the run folder holds
 * the measurements and their charts. {@code evaluate} prints nothing of it.
 */
class TrainDiagnoseTest {
    private static final Pattern FINDING = Pattern.compile("(?m)^  ([a-z-]+): ");

    @TempDir
    Path dir;

    /** Trains with {@code --diagnose} and the options given; returns the finding kinds of the diagnosis block. */
    private List<String> diagnose(String name, String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--diagnose", "--threads", "1", "--out",
                dir.resolve(name).toString()));
        args.addAll(Arrays.asList(options));
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.status(), run.all());
        int block = run.out().indexOf("diagnosis (");
        assertTrue(block > 0, run.all());
        List<String> kinds = new ArrayList<>();
        Matcher m = FINDING.matcher(run.out().substring(block, run.out().indexOf("wrote:", block)));
        while (m.find()) {
            kinds.add(m.group(1));
        }
        return kinds;
    }

    private static List<String> only(Finding.Kind kind) {
        return List.of(kind.label());
    }

    @Test
    void theDefaultRunHasNoFindingAndWritesItsMeasurements() throws IOException {
        Path out = dir.resolve("healthy");
        CliRun run = CliRun.of("train", "--diagnose", "--threads", "1", "--epochs", "10", "--out", out.toString());
        assertEquals(0, run.status(), run.all());
        assertTrue(run.out().contains("diagnosis (1024-row sample, 10 epochs; docs/diagnostics.md): no finding"),
                run.all());
        assertFalse(run.out().contains("  ! epoch"), run.all());
        List<String> csv = Files.readAllLines(out.resolve(DiagnosisReport.CSV));
        assertEquals(DiagnosticsCsv.COLUMNS, csv.get(0));
        // 64-256relu-10: two layers and two weight tensors per epoch.
        assertEquals(1 + 10 * 4, csv.size());
        assertTrue(csv.get(1).startsWith("1,layer,\"1 dense(64 -> 256, relu)\","), csv.get(1));
        assertTrue(csv.get(3).startsWith("1,tensor,0.weight,"), csv.get(3));
        for (String chart : List.of(DiagnosticsCharts.UPDATE_RATIO, DiagnosticsCharts.DEAD_UNITS)) {
            assertTrue(Files.size(out.resolve(chart)) > 1000, chart);
        }
        assertFalse(Files.exists(out.resolve(DiagnosticsCharts.SATURATED_UNITS)), "no sigmoid or tanh layer");
        assertTrue(run.out().contains(out.resolve(DiagnosisReport.CSV).toString()), run.all());

        CliRun evaluate = CliRun.of("evaluate", "--model", out.resolve(TrainCommand.MODEL_FILE).toString());
        assertEquals(0, evaluate.status(), evaluate.all());
        assertFalse(evaluate.out().contains("diagnos"), evaluate.all());
    }

    @Test
    void withoutTheOptionNothingIsMeasured() {
        Path out = dir.resolve("plain");
        CliRun run = CliRun.of("train", "--data", "iris", "--epochs", "3", "--out", out.toString());
        assertEquals(0, run.status(), run.all());
        assertFalse(run.out().contains("diagnosis"), run.all());
        assertFalse(Files.exists(out.resolve(DiagnosisReport.CSV)));
    }

    @Test
    void rawDigitsIntoSigmoidUnitsWithUniformWeightsSaturate() {
        assertEquals(only(Finding.Kind.SATURATED_UNITS), diagnose("saturated", "--arch", "64-256sigmoid-10",
                "--init", "uniform", "--no-standardize"));
    }

    @Test
    void zeroInitialWeightsLeaveEveryReluDead() {
        assertEquals(only(Finding.Kind.DEAD_UNITS), diagnose("dead", "--init", "zeros"));
    }

    @Test
    void tenTimesTheDefaultRateIsTooHigh() {
        assertEquals(only(Finding.Kind.LEARNING_RATE_TOO_HIGH), diagnose("high", "--lr", "0.03", "--schedule",
                "constant", "--epochs", "10"));
    }

    @Test
    void aRateOfOneTenMillionthIsFlat() {
        assertEquals(only(Finding.Kind.FLAT_LOSS), diagnose("flat", "--lr", "1e-7", "--epochs", "5"));
    }

    @Test
    void oneHiddenUnitUnderfits() {
        assertEquals(only(Finding.Kind.UNDERFITTING), diagnose("under", "--arch", "64-1-10", "--epochs", "10"));
    }

    @Test
    void aWideNetworkOnTwoPercentOfTheDigitsOverfits() {
        assertEquals(only(Finding.Kind.OVERFITTING), diagnose("over", "--validation-fraction", "0.49",
                "--test-fraction", "0.49", "--arch", "64-1024relu-10", "--l2", "0"));
    }
}
