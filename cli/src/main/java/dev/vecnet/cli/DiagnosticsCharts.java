package dev.vecnet.cli;

import dev.vecnet.train.Diagnostics;
import dev.vecnet.train.LayerStatistics;
import dev.vecnet.train.TensorStatistics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The charts of {@code train --diagnose}, one per measurement over the epochs: {@link #UPDATE_RATIO} (each weight
 * tensor's update/weight ratio, log scale, the rule of thumb 1e-3 marked), and where the network has such layers
 * {@link #DEAD_UNITS} (each ReLU-kind layer's dead fraction) and {@link #SATURATED_UNITS} (each sigmoid or tanh
 * layer's saturated fraction), their thresholds marked. Stateless.
 */
final class DiagnosticsCharts {
    /** The update/weight ratio chart. */
    static final String UPDATE_RATIO = "update-ratio.png";
    /** The dead-unit chart. */
    static final String DEAD_UNITS = "dead-units.png";
    /** The saturated-unit chart. */
    static final String SATURATED_UNITS = "saturated-units.png";

    private DiagnosticsCharts() {
    }

    /** Writes the charts that apply to the network into {@code dir}; returns the files written. */
    static List<Path> write(Path dir, Diagnostics diagnostics, String subtitle) {
        List<Path> files = new ArrayList<>();
        int epochs = diagnostics.epochs();
        Map<String, double[]> ratios = new LinkedHashMap<>();
        Map<String, double[]> dead = new LinkedHashMap<>();
        Map<String, double[]> saturated = new LinkedHashMap<>();
        for (int e = 0; e < epochs; e++) {
            for (TensorStatistics t : diagnostics.tensors(e)) {
                ratios.computeIfAbsent(t.tensor(), k -> new double[epochs])[e] = t.updateRatio();
            }
            for (LayerStatistics l : diagnostics.layers(e)) {
                String name = (l.layer() + 1) + " " + l.description();
                if (!Double.isNaN(l.deadFraction())) {
                    dead.computeIfAbsent(name, k -> new double[epochs])[e] = 100 * l.deadFraction();
                }
                if (!Double.isNaN(l.saturatedFraction())) {
                    saturated.computeIfAbsent(name, k -> new double[epochs])[e] = 100 * l.saturatedFraction();
                }
            }
        }
        files.add(chart(dir, UPDATE_RATIO, "Update / weight ratio per step", subtitle, "update norm / weight norm",
                true, ratios, 1e-3, "rule of thumb 1e-3"));
        if (!dead.isEmpty()) {
            files.add(chart(dir, DEAD_UNITS, "Dead ReLU units (never positive on the sample)", subtitle, "units (%)",
                    false, dead, 100 * Diagnostics.DEAD_FRACTION, "threshold"));
        }
        if (!saturated.isEmpty()) {
            files.add(chart(dir, SATURATED_UNITS, "Saturated sigmoid / tanh outputs", subtitle, "outputs (%)", false,
                    saturated, 100 * Diagnostics.SATURATED_FRACTION, "threshold"));
        }
        return files;
    }

    private static Path chart(Path dir, String name, String title, String subtitle, String yLabel, boolean log,
                              Map<String, double[]> series, double reference, String referenceLabel) {
        Path file = dir.resolve(name);
        ChartWriter.writeEpochChart(file, title, subtitle, yLabel, log, series, reference, referenceLabel);
        return file;
    }
}
