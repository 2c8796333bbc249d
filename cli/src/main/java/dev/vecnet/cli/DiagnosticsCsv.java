package dev.vecnet.cli;

import dev.vecnet.train.Diagnostics;
import dev.vecnet.train.LayerStatistics;
import dev.vecnet.train.TensorStatistics;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link Diagnostics} listener's measurements as CSV ({@link #COLUMNS}): per epoch (from 1) one row per
 * layer ({@code item} {@code layer}, {@code name} its index from 1 and description) and one per weight tensor
 * ({@code item} {@code tensor}, {@code name} its state-dict name); a column that does not apply to the row, or
 * was not measured, is empty. Stateless.
 */
final class DiagnosticsCsv {
    /** The header row. */
    static final String COLUMNS = "epoch,item,name,mean,std,dead_fraction,saturated_fraction,running_mean_drift,"
            + "running_variance_drift,weight_norm,gradient_norm,update_norm,update_ratio";

    private DiagnosticsCsv() {
    }

    /** Writes the file (created or replaced). */
    static void write(Path file, Diagnostics diagnostics) {
        StringBuilder csv = new StringBuilder(COLUMNS).append('\n');
        for (int e = 0; e < diagnostics.epochs(); e++) {
            for (LayerStatistics l : diagnostics.layers(e)) {
                csv.append(e + 1).append(",layer,\"").append(l.layer() + 1).append(' ').append(l.description())
                        .append('"');
                cells(csv, l.mean(), l.std(), l.deadFraction(), l.saturatedFraction(), l.runningMeanDrift(),
                        l.runningVarianceDrift(), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            for (TensorStatistics t : diagnostics.tensors(e)) {
                csv.append(e + 1).append(",tensor,").append(t.tensor());
                cells(csv, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, t.weightNorm(),
                        t.gradientNorm(), t.updateNorm(), t.updateRatio());
            }
        }
        OutputFiles.writeString(file, csv);
    }

    private static void cells(StringBuilder csv, double... values) {
        for (double v : values) {
            csv.append(',');
            if (!Double.isNaN(v)) {
                csv.append(String.format(Locale.ROOT, "%.6g", v));
            }
        }
        csv.append('\n');
    }
}
