package dev.vecnet.cli;

import dev.vecnet.data.Examples;
import dev.vecnet.kernel.WorkerTeam;
import dev.vecnet.nn.Network;
import dev.vecnet.train.Diagnostics;
import dev.vecnet.train.Finding;
import dev.vecnet.train.History;
import dev.vecnet.train.TrainingListener;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code train --diagnose} adds to a run: a {@link Diagnostics} listener on the training part (its sample
 * drawn with the run's seed), a short line under the epoch table when a finding first holds, the diagnosis block
 * after training, and {@link #CSV} with the charts of {@link DiagnosticsCharts}. Used by one run on one thread;
 * not thread-safe.
 */
final class DiagnosisReport {
    /** Name of the measurements file in the output folder. */
    static final String CSV = "diagnostics.csv";

    private final Diagnostics diagnostics;

    private DiagnosisReport(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * A report on {@code net} trained on {@code train}: draws the sample and allocates the listener's buffers.
     *
     * @param warnings where a line goes when a finding first holds (under the epoch's table row)
     * @param team     the run's team, which also splits the sample's passes; or null
     */
    static DiagnosisReport start(Network net, Examples train, long seed, WorkerTeam team, ProgressReporter warnings) {
        return new DiagnosisReport(Diagnostics.builder(net, train).seed(seed).threads(team)
                .onFinding(f -> warnings.println(warning(f))).build());
    }

    /** The line printed when {@code f} first holds: its kind, layer and epoch; the numbers come at the end. */
    static String warning(Finding f) {
        return String.format(Locale.ROOT, "  ! epoch %d: %s%s (see the diagnosis at the end)", f.epoch() + 1,
                f.kind().label(), f.layer() == null ? "" : " in " + f.layer());
    }

    /** {@code table}, then the diagnostics, as one listener of the run. */
    TrainingListener around(TrainingListener table) {
        return new TrainingListener() {
            @Override
            public boolean onIteration(long iteration, int epoch, double loss) {
                boolean go = table.onIteration(iteration, epoch, loss);
                return diagnostics.onIteration(iteration, epoch, loss) && go;
            }

            @Override
            public boolean onEpoch(int epoch, History history) {
                boolean go = table.onEpoch(epoch, history);
                return diagnostics.onEpoch(epoch, history) && go;
            }
        };
    }

    /** Prints the diagnosis block: one line per finding, or that there is none. */
    void print(PrintWriter log) {
        print(log, diagnostics.findings(), String.format(Locale.ROOT, "%d-row sample, %d epochs",
                diagnostics.sampleSize(), diagnostics.epochs()));
    }

    /** Prints the block for {@code findings}; {@code basis} says what they were read from. */
    static void print(PrintWriter log, List<Finding> findings, String basis) {
        log.printf(Locale.ROOT, "diagnosis (%s; docs/diagnostics.md): %s%n", basis,
                findings.isEmpty() ? "no finding" : findings.size() + (findings.size() == 1 ? " finding" : " findings"));
        for (Finding f : findings) {
            log.println("  " + f.kind().label() + ": " + f.sentence());
        }
    }

    /** Writes {@link #CSV} and the charts into {@code dir}; returns the files written. */
    List<Path> write(Path dir, String subtitle) {
        List<Path> files = new ArrayList<>();
        Path csv = dir.resolve(CSV);
        DiagnosticsCsv.write(csv, diagnostics);
        files.add(csv);
        files.addAll(DiagnosticsCharts.write(dir, diagnostics, subtitle));
        return files;
    }
}
