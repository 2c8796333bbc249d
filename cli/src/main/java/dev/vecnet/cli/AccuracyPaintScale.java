package dev.vecnet.cli;

import org.jfree.chart.renderer.PaintScale;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;

/**
 * Maps an accuracy to a colour along the viridis colour map (dark purple for the lowest, yellow for the
 * highest), which stays readable in grey and for colour-blind readers. Immutable, thread-safe.
 */
final class AccuracyPaintScale implements PaintScale, Serializable {
    private static final long serialVersionUID = 1L;
    // Five stops of matplotlib's viridis, interpolated linearly.
    private static final int[][] STOPS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

    private final double lower;
    private final double upper;

    /** A scale from {@code lower} to {@code upper} (values outside are clamped). */
    AccuracyPaintScale(double lower, double upper) {
        this.lower = lower;
        this.upper = upper > lower ? upper : lower + 1;
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        double t = Math.max(0, Math.min(1, (value - lower) / (upper - lower))) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) t);
        double f = t - i;
        int[] a = STOPS[i];
        int[] b = STOPS[i + 1];
        return new Color(mix(a[0], b[0], f), mix(a[1], b[1], f), mix(a[2], b[2], f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
