package dev.vecnet.cli;

import dev.vecnet.search.TrialResult;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the command line's charts to PNG files with JFreeChart, without a display (the launcher sets
 * {@code java.awt.headless=true}; these methods set it too when nothing has started AWT yet). Each method
 * creates or replaces one file. Stateless; safe to call from any thread.
 */
public final class ChartWriter {
    /** Width of every chart in pixels. */
    public static final int WIDTH = 900;
    /** Height of every chart in pixels. */
    public static final int HEIGHT = 560;

    private static final Color RAW = new Color(70, 130, 180, 130);
    private static final Color SMOOTH = new Color(200, 60, 20);
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VALIDATION = new Color(255, 127, 14);
    private static final Color TEST = new Color(44, 160, 44);

    private ChartWriter() {
    }

    /**
     * The training loss per iteration: every batch's loss as a faint point and its centred moving average
     * ({@link LossSmoothing#movingAverage}) as a line on top.
     *
     * @param losses   batch loss per iteration
     * @param subtitle one line under the title (data set and architecture)
     */
    public static void writeLossChart(Path file, float[] losses, String subtitle) {
        XYSeries raw = new XYSeries("batch loss");
        XYSeries smooth = new XYSeries("moving average");
        double[] smoothed = LossSmoothing.movingAverage(losses);
        for (int i = 0; i < losses.length; i++) {
            raw.add(i + 1, losses[i]);
            smooth.add(i + 1, smoothed[i]);
        }
        JFreeChart chart = lineChart("Training loss per iteration", subtitle, "iteration (batch)", "loss", raw, smooth);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShapesVisible(0, true);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-2, -2, 4, 4));
        renderer.setSeriesPaint(0, RAW);
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesPaint(1, SMOOTH);
        renderer.setSeriesStroke(1, new BasicStroke(2.5f));
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(true);
        save(file, chart);
    }

    /**
     * Training and validation accuracy per epoch (percent), with the final test accuracy as a horizontal line.
     *
     * @param trainAccuracy      per epoch, fractions
     * @param validationAccuracy per epoch, fractions (NaN entries are skipped)
     * @param testAccuracy       fraction, or NaN for no test line
     */
    public static void writeAccuracyChart(Path file, double[] trainAccuracy, double[] validationAccuracy,
                                          double testAccuracy, String subtitle) {
        XYSeries train = percentSeries("training", trainAccuracy);
        XYSeries validation = percentSeries("validation", validationAccuracy);
        JFreeChart chart = lineChart("Accuracy per epoch", subtitle, "epoch", "accuracy (%)", train, validation);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int s = 0; s < 2; s++) {
            renderer.setSeriesShapesVisible(s, true);
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
        renderer.setSeriesPaint(0, TRAIN);
        renderer.setSeriesPaint(1, VALIDATION);
        plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setAutoRangeIncludesZero(false);
        if (Double.isFinite(testAccuracy)) {
            plot.addRangeMarker(dashedLine(100 * testAccuracy, String.format(Locale.ROOT, "test %.2f%%",
                    100 * testAccuracy), TEST));
            range.setRange(Math.min(range.getLowerBound(), 100 * testAccuracy - 1), Math.max(range.getUpperBound(),
                    Math.min(100.5, 100 * testAccuracy + 1)));
        }
        save(file, chart);
    }

    /**
     * Values per epoch, one line per named series, with a dashed horizontal line at {@code reference}: the charts of
     * {@code train --diagnose} ({@link DiagnosticsCharts}). NaN entries are skipped, and on a log axis values not
     * above 0 too.
     *
     * @param series         per series name, the value of each epoch (epoch {@code e + 1} at index {@code e})
     * @param logScale       true for a logarithmic value axis spanning the values and the reference; false for a
     *                       percentage axis from 0 to 100
     * @param reference      where the dashed line goes, in the values' unit
     * @param referenceLabel its label
     */
    static void writeEpochChart(Path file, String title, String subtitle, String yLabel, boolean logScale,
                                Map<String, double[]> series, double reference, String referenceLabel) {
        XYSeries[] lines = new XYSeries[series.size()];
        double low = reference;
        double high = reference;
        int next = 0;
        for (Map.Entry<String, double[]> entry : series.entrySet()) {
            XYSeries line = new XYSeries(entry.getKey());
            double[] values = entry.getValue();
            for (int e = 0; e < values.length; e++) {
                if (Double.isFinite(values[e]) && (!logScale || values[e] > 0)) {
                    line.add(e + 1, values[e]);
                    low = Math.min(low, values[e]);
                    high = Math.max(high, values[e]);
                }
            }
            lines[next++] = line;
        }
        JFreeChart chart = lineChart(title, subtitle, "epoch", yLabel, lines);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int s = 0; s < lines.length; s++) {
            renderer.setSeriesShapesVisible(s, true);
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
        plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        if (logScale) {
            LogAxis axis = logAxis(yLabel);
            axis.setAutoRange(false);
            axis.setRange(low / 2, high * 2);
            plot.setRangeAxis(axis);
        } else {
            ((NumberAxis) plot.getRangeAxis()).setRange(0, 100);
        }
        plot.addRangeMarker(dashedLine(reference, referenceLabel, TEST));
        save(file, chart);
    }

    /** A dashed horizontal line at {@code value}, labelled in bold at its right end. */
    private static ValueMarker dashedLine(double value, String label, Color color) {
        ValueMarker line = new ValueMarker(value, color, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        line.setLabel(label);
        line.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        line.setLabelPaint(color);
        line.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        line.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_RIGHT);
        line.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        return line;
    }

    /**
     * A search's trials: learning rate against L2 strength, both on log axes spanning the searched ranges
     * (so where the trials sit within them shows), each trial a point coloured by its validation accuracy
     * (scale on the right), the best one labelled. Failed trials are left out and counted in the subtitle.
     *
     * @param trials   the search's results
     * @param lrRange  the searched learning rates {@code {min, max}}, both > 0 (log-uniform)
     * @param l2Range  the searched L2 strengths {@code {min, max}}, both > 0 (log-uniform)
     * @param subtitle one line under the title
     */
    public static void writeSearchChart(Path file, List<TrialResult> trials, double[] lrRange, double[] l2Range,
                                        String subtitle) {
        save(file, searchChart(trials, lrRange, l2Range, subtitle));
    }

    /** The chart {@link #writeSearchChart} saves. */
    static JFreeChart searchChart(List<TrialResult> trials, double[] lrRange, double[] l2Range, String subtitle) {
        XYSeries points = new XYSeries("trials", false, true);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        TrialResult best = null;
        int failed = 0;
        for (TrialResult t : trials) {
            if (!t.succeeded()) {
                failed++;
                continue;
            }
            points.add(t.configuration().getDouble("lr"), t.configuration().getDouble("l2"));
            low = Math.min(low, t.metric());
            high = Math.max(high, t.metric());
            if (best == null || t.metric() > best.metric()) {
                best = t;
            }
        }
        if (best == null) {
            low = 0;
            high = 1;
        } else if (high - low < 1e-3) {
            low = Math.max(0, high - 0.01);
        }
        AccuracyPaintScale scale = new AccuracyPaintScale(100 * low, 100 * high);
        JFreeChart chart = ChartFactory.createScatterPlot("Validation accuracy by learning rate and L2 strength",
                "learning rate (log scale)", "L2 strength (log scale)", new XYSeriesCollection(points));
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(searchedAxis("learning rate", lrRange));
        plot.setRangeAxis(searchedAxis("L2 strength", l2Range));
        List<TrialResult> succeeded = trials.stream().filter(TrialResult::succeeded).toList();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true) {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int series, int item) {
                return scale.getPaint(100 * succeeded.get(item).metric());
            }
        };
        renderer.setSeriesShape(0, new Ellipse2D.Double(-7, -7, 14, 14));
        renderer.setUseOutlinePaint(true);
        renderer.setDefaultOutlinePaint(Color.DARK_GRAY);
        plot.setRenderer(renderer);
        chart.removeLegend();
        if (best != null) {
            XYTextAnnotation label = new XYTextAnnotation(String.format(Locale.ROOT, "  best %.2f%%",
                    100 * best.metric()), best.configuration().getDouble("lr"), best.configuration().getDouble("l2"));
            label.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            label.setTextAnchor(TextAnchor.CENTER_LEFT);
            label.setBackgroundPaint(new Color(255, 255, 255, 200));   // readable over neighbouring points
            plot.addAnnotation(label);
        }
        NumberAxis legendAxis = new NumberAxis("validation accuracy (%)");
        legendAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(10, 10, 10, 10);
        legend.setStripWidth(15);
        chart.addSubtitle(legend);
        addSubtitle(chart, subtitle + (failed > 0 ? "; " + failed + " failed trial(s) not shown" : ""));
        style(plot);
        return chart;
    }

    /**
     * A log axis over a searched range {@code {min, max}}, widened by 3 % of its decades on each side so
     * points at the ends stay whole; the label names the range.
     */
    private static LogAxis searchedAxis(String name, double[] range) {
        LogAxis axis = logAxis(String.format(Locale.ROOT, "%s (log scale, searched %.3g to %.3g)", name, range[0],
                range[1]));
        double margin = Math.pow(range[1] / range[0], 0.03);
        if (margin < 1.05) {
            margin = 1.05;   // a range of one value still gets a visible axis
        }
        axis.setAutoRange(false);
        axis.setRange(range[0] / margin, range[1] * margin);
        return axis;
    }

    private static JFreeChart lineChart(String title, String subtitle, String xLabel, String yLabel, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) {
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data);
        addSubtitle(chart, subtitle);
        style(chart.getXYPlot());
        return chart;
    }

    private static XYSeries percentSeries(String name, double[] fractions) {
        XYSeries s = new XYSeries(name);
        for (int e = 0; e < fractions.length; e++) {
            if (Double.isFinite(fractions[e])) {
                s.add(e + 1, 100 * fractions[e]);
            }
        }
        return s;
    }

    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setSmallestValue(1e-12);
        axis.setNumberFormatOverride(new DecimalFormat("0.#E0"));
        return axis;
    }

    private static void addSubtitle(JFreeChart chart, String text) {
        chart.addSubtitle(new TextTitle(text, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
    }

    private static void save(Path file, JFreeChart chart) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        chart.setBackgroundPaint(Color.WHITE);
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw OutputFiles.failedToWrite(file, e);
        }
    }
}
