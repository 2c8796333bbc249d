package dev.vecnet.cli;

import dev.vecnet.search.Configuration;
import dev.vecnet.search.TrialResult;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.ValueAxis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A search whose every trial fails says why on standard error; the chart's axes show the searched ranges. */
class SearchOutcomeTest {
    @TempDir
    Path dir;

    @Test
    void everyTrialFailingExitsOneAndNamesTheFirstFailureAndTheCount() {
        Path out = dir.resolve("search");
        CliRun run = CliRun.of("search", "--data", "iris", "--trials", "3", "--epochs", "2", "--threads", "2",
                "--lr-range", "1e8:1e9", "--out", out.toString());
        assertEquals(ErrorReporter.FAILURE, run.status(), run.all());
        assertTrue(run.err().contains("vecnet search: all 3 trials failed; the first (trial 1, lr "), run.all());
        assertTrue(run.err().contains("training diverged at epoch 1, step "), run.all());
        assertTrue(run.err().contains("--lr-range"), run.all());
        assertFalse(run.err().contains("Exception"), run.all());
        assertTrue(Files.isRegularFile(out.resolve(SearchCommand.RESULTS_CSV)), "the failures are still listed");
    }

    @Test
    void theFirstFailureIsTheLowestTrialNumberWithoutTheExceptionName() {
        List<TrialResult> failed = List.of(failure(4, "CommandFailedException: training diverged later"),
                failure(1, "CommandFailedException: training diverged first"), failure(2, "OutOfMemoryError"));
        assertEquals("all 3 trials failed; the first (trial 2, lr 1.000e-03, l2 1.000e-05): training diverged first",
                SearchCommand.allFailed(failed));
        assertEquals("all 1 trials failed; the first (trial 3, lr 1.000e-03, l2 1.000e-05): out of memory; lower "
                + "--threads or --batch-size", SearchCommand.allFailed(List.of(failed.get(2))));
    }

    @Test
    void chartAxesAreLogarithmicAndSpanTheSearchedRanges() {
        TrialResult one = new TrialResult(0, configuration(1e-3, 1e-4), 1, 0.9, null, 10);
        JFreeChart chart = ChartWriter.searchChart(List.of(one), new double[] {1e-5, 1e-1}, new double[] {1e-6, 1e-2},
                "subtitle");
        assertSpans(chart.getXYPlot().getDomainAxis(), 1e-5, 1e-1);
        assertSpans(chart.getXYPlot().getRangeAxis(), 1e-6, 1e-2);
        assertTrue(chart.getXYPlot().getDomainAxis().getLabel().contains("searched 1.00e-05 to 0.100"),
                chart.getXYPlot().getDomainAxis().getLabel());
    }

    private static void assertSpans(ValueAxis axis, double min, double max) {
        assertInstanceOf(LogAxis.class, axis);
        double low = axis.getLowerBound();
        double high = axis.getUpperBound();
        assertTrue(low <= min && low > min / 2 && high >= max && high < max * 2, low + " .. " + high);
    }

    private static TrialResult failure(int index, String why) {
        return new TrialResult(index, configuration(1e-3, 1e-5), index, Double.NaN, why, 5);
    }

    private static Configuration configuration(double lr, double l2) {
        return new Configuration(Map.of("lr", lr, "l2", l2));
    }
}
