package dev.vecnet.cli;

import dev.vecnet.nn.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gradcheck, search and info. */
class OtherCommandsTest {

    @TempDir
    Path dir;

    @Test
    void gradcheckPassesACorrectNetworkAndReportsEveryTensor() {
        CliRun run = CliRun.of("gradcheck", "--arch", "5-8tanh-bn-6sigmoid-dropout0.2-4tanh-3");
        assertEquals(0, run.status(), run.all());
        // modules: 0 dense, 1 tanh, 2 batch norm, 3 dense, 4 sigmoid, 5 dropout, 6 dense, 7 tanh, 8 dense
        List<String> names = List.of("0.weight", "0.bias", "2.weight", "2.bias", "3.weight", "3.bias", "6.weight",
                "6.bias", "8.weight", "8.bias", "input");
        List<String> pass = run.out().lines().filter(line -> line.startsWith("PASS")).toList();
        assertEquals(names.size(), pass.size(), run.all());
        for (int i = 0; i < names.size(); i++) {
            assertEquals(names.get(i), pass.get(i).split("\\s+")[1], run.all());
        }
        assertFalse(run.out().contains("FAIL"), run.all());
        assertTrue(run.out().contains("passed: worst relative error"), run.all());
    }

    @Test
    void gradcheckExitsWithOneWhenTheToleranceIsNotMet() {
        CliRun run = CliRun.of("gradcheck", "--arch", "5-8tanh-3", "--tolerance", "1e-12");
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.out().contains("FAILED: worst relative error"), run.all());
        assertFalse(run.out().contains("elements whose"), run.all());
    }

    @Test
    void gradcheckWithoutArchChecksTheDefaultReluNetworkAndPassesSkippingKinks() {
        CliRun run = CliRun.of("gradcheck");
        assertEquals(0, run.status(), run.all());
        assertTrue(run.out().startsWith("gradient check of 64-256relu-10,"), run.all());
        assertFalse(run.out().contains("FAIL"), run.all());
        Matcher skipped = Pattern.compile("skipped (\\d+) elements whose").matcher(run.out());
        assertTrue(skipped.find() && Integer.parseInt(skipped.group(1)) > 0, run.all());
        assertTrue(run.out().contains("0.weight") && run.out().contains("skipped at kinks"), run.all());
    }

    @Test
    void gradcheckPassesMaxoutLeakyReluPreluAndHingeNetworks() {
        for (String[] args : List.of(new String[] {"--arch", "6-12maxout3-8leakyrelu-7prelu-4"},
                new String[] {"--arch", "6-12relu-4", "--loss", "hinge", "--batch", "16"})) {
            List<String> command = new java.util.ArrayList<>(List.of("gradcheck"));
            command.addAll(List.of(args));
            CliRun run = CliRun.of(command.toArray(String[]::new));
            assertEquals(0, run.status(), run.all());
        }
    }

    @Test
    void searchWritesResultsAndChartAndPrintsTheBest() throws IOException {
        Path out = dir.resolve("search");
        CliRun run = CliRun.of("search", "--data", "iris", "--trials", "4", "--epochs", "2", "--threads", "2",
                "--batch-size", "16", "--out", out.toString());
        assertEquals(0, run.status(), run.all());
        List<String> csv = Files.readAllLines(out.resolve(SearchCommand.RESULTS_CSV));
        assertEquals("rank,index,lr,l2,metric,status,seed,millis", csv.get(0));
        assertEquals(5, csv.size());
        assertTrue(run.out().contains("best trials"), run.all());
        assertFalse(run.err().contains("\r"));
        TrainEvaluatePredictTest.assertChart(out.resolve(SearchCommand.CHART));
    }

    @Test
    void gridSearchRunsEveryCombination() throws IOException {
        Path out = dir.resolve("grid");
        CliRun run = CliRun.of("search", "--data", "iris", "--grid", "2", "--epochs", "1", "--threads", "1",
                "--out", out.toString());
        assertEquals(0, run.status(), run.all());
        assertEquals(5, Files.readAllLines(out.resolve(SearchCommand.RESULTS_CSV)).size());
    }

    @Test
    void infoNamesTheKernelPathAndTheJvm() {
        CliRun run = CliRun.of("info");
        assertEquals(0, run.status(), run.all());
        assertTrue(run.out().contains("kernels  "), run.out());
        assertTrue(run.out().contains(String.valueOf(Runtime.version().feature())), run.out());
        assertTrue(run.out().contains("cores    " + Runtime.getRuntime().availableProcessors()), run.out());
    }

    @Test
    void helpDocumentsTheArchitectureGrammar() {
        CliRun run = CliRun.of("train", "--help");
        assertEquals(0, run.status(), run.all());
        assertTrue(run.out().replace(System.lineSeparator(), "").contains(Architecture.GRAMMAR), run.out());
        assertTrue(run.out().contains("--sanity-checks"), run.out());
    }
}
